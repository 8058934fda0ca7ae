/// The rule pack built into the binary: general failure families, most specific first
/// (the first rule that matches an event names it). Same format as user rule files.
///
/// Order matters. Host and kernel failures come first, then containers, memory, native
/// crashes, disks, process resources and permissions, TLS, databases, the network, auth,
/// HTTP status, timeouts and resilience, service lifecycle, and last the generic crash and
/// stack-trace rules, so that an event carrying a root cause ("Connection refused",
/// "No space left on device") is named by the cause rather than by the exception around it.
/// Every rule's examples must match it and its counterexamples must not
/// (`lookout rules test` checks them); each example is named by its own rule, not an earlier one.
/// Patterns are single-quoted YAML, so backslashes are PCRE2's own (a quote is written '').
enum DefaultRulePack {
    static let yaml = #"""
rules:
  # --- kernel and hardware
  - id: kernel-oom-killer
    title: The kernel's OOM killer killed a process
    pattern: '(?i)\b(?:out of memory: kill(?:ed)? process\b|invoked oom-killer\b|oom-kill:constraint=)'
    severity: critical
    tags: [memory, kernel]
    examples:
      - "Nov 30 08:55:19 web-3 kernel: [123456.789012] Out of memory: Killed process 23117 (java) total-vm:8123456kB, anon-rss:6234112kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:13000kB oom_score_adj:0"
      - "Nov 30 08:55:19 web-3 kernel: [123456.700001] node invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0"
      - "2026-11-30T08:55:19.123456+00:00 worker-7 kernel: Memory cgroup out of memory: Killed process 4242 (python3) total-vm:2048000kB, anon-rss:1024000kB, file-rss:2048kB, shmem-rss:0kB"
    counterexamples:
      - "Nov 30 08:55:19 web-3 kernel: [    0.000000] Memory: 16318412K/16723772K available (14339K kernel code, 2400K rwdata, 9764K rodata, 405104K reserved, 0K cma-reserved)"
  - id: kernel-panic
    title: The kernel panicked
    pattern: '(?i)\bkernel panic\b'
    severity: critical
    tags: [kernel, crash]
    examples:
      - "Nov 30 08:55:19 db-1 kernel: [ 9876.543210] Kernel panic - not syncing: Fatal exception in interrupt"
      - "[    2.345678] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)"
    counterexamples:
      - "Nov 30 08:55:19 db-1 sysctl[512]: kernel.panic = 10"
  - id: kernel-soft-lockup
    title: A CPU is stuck (soft or hard lockup)
    pattern: '(?i)\b(?:soft|hard) lockup\b'
    severity: critical
    tags: [kernel, cpu]
    examples:
      - "Nov 30 08:55:19 node-4 kernel: [ 4321.000123] watchdog: BUG: soft lockup - CPU#3 stuck for 23s! [kworker/3:1:1234]"
      - "Nov 30 08:55:19 node-4 kernel: NMI watchdog: Watchdog detected hard LOCKUP on cpu 5"
    counterexamples:
      - "Nov 30 08:55:19 node-4 kernel: [    0.123456] NMI watchdog: Enabled. Permanently consumes one hw-PMU counter."
  - id: kernel-rcu-stall
    title: The kernel detected an RCU stall
    pattern: '\brcu_\w{1,16} (?:self-detected stall|detected (?:expedited )?stalls)\b'
    severity: critical
    tags: [kernel, cpu]
    examples:
      - "Nov 30 08:55:19 node-4 kernel: [ 4400.100200] rcu: INFO: rcu_sched self-detected stall on CPU"
      - "Nov 30 08:55:19 node-4 kernel: [ 4400.100200] INFO: rcu_preempt detected stalls on CPUs/tasks:"
    counterexamples:
      - "Nov 30 08:55:19 node-4 kernel: [    0.000000] rcu: Hierarchical RCU implementation."
  - id: kernel-hung-task
    title: A task has been blocked in the kernel for too long
    pattern: '\btask \S{1,64} blocked for more than \d{1,6} seconds\b'
    severity: high
    tags: [kernel]
    examples:
      - "Nov 30 08:55:19 node-4 kernel: [ 4321.000123] INFO: task kworker/u16:2:1234 blocked for more than 120 seconds."
      - "Nov 30 08:55:19 db-1 kernel: INFO: task postgres:4242 blocked for more than 241 seconds."
    counterexamples:
      - 'Nov 30 08:55:19 node-4 kernel: [ 4321.000123] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.'
  - id: kernel-oops
    title: The kernel hit an oops or general protection fault
    pattern: '\b(?:Oops|general protection fault)\b[^\[\n]{0,120}: [0-9a-f]{4} \[#\d{1,4}\]'
    severity: critical
    tags: [kernel, crash]
    examples:
      - "Nov 30 08:55:19 node-4 kernel: [ 5555.123456] Oops: 0002 [#1] PREEMPT SMP NOPTI"
      - "Nov 30 08:55:19 node-4 kernel: [ 5555.123456] general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] SMP PTI"
    counterexamples:
      - "Nov 30 08:55:19 node-4 sysctl[498]: kernel.panic_on_oops = 1"
  - id: kernel-bug
    title: The kernel reported a BUG
    pattern: '\bkernel BUG at [\w/.-]{1,120}:\d{1,6}|\bBUG: (?:unable to handle|kernel NULL pointer dereference|scheduling while atomic|sleeping function called|Bad page (?:state|map)|KASAN:|KFENCE:|spinlock)'
    severity: critical
    tags: [kernel, crash]
    examples:
      - "Nov 30 08:55:19 node-4 kernel: [ 5555.123400] BUG: kernel NULL pointer dereference, address: 0000000000000008"
      - "Nov 30 08:55:19 node-4 kernel: [ 5555.123400] kernel BUG at mm/slub.c:305!"
      - "Nov 30 08:55:19 node-4 kernel: [ 5555.123400] BUG: unable to handle page fault for address: ffffa0c1d6e00000"
    counterexamples:
      - "Nov 30 08:55:19 node-4 kernel: [    1.234567] KASAN: KernelAddressSanitizer initialized"
  - id: hardware-machine-check
    title: The hardware reported a machine check or memory error
    pattern: '(?i)\[Hardware Error\]|\bmachine check (?:exception|events? logged)\b|\bEDAC \w{1,20}: \d{1,6} (?:UE|CE)\b'
    severity: high
    tags: [hardware, kernel]
    examples:
      - "Nov 30 08:55:19 node-9 kernel: mce: [Hardware Error]: Machine check events logged"
      - "Nov 30 08:55:19 node-9 kernel: EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0 (channel:1 slot:0 page:0x12345 offset:0x0 grain:32 syndrome:0x0)"
      - "Nov 30 08:55:19 node-9 kernel: mce: CPU 2: Machine Check Exception: 5 Bank 4: b200000000070f0f"
    counterexamples:
      - "Nov 30 08:55:19 node-9 kernel: [    1.234567] EDAC MC: Ver: 3.0.0"
  - id: cpu-thermal-throttling
    title: A CPU overheated and was throttled
    pattern: '(?i)\btemperature above threshold\b|\bcritical temperature reached\b|\bthermal (?:shutdown|throttling) (?:triggered|engaged|activated|initiated)\b'
    severity: medium
    tags: [hardware, cpu]
    examples:
      - "Nov 30 08:55:19 node-9 kernel: CPU3: Core temperature above threshold, cpu clock throttled (total events = 12345)"
      - "Nov 30 08:55:19 node-9 kernel: thermal thermal_zone0: critical temperature reached (105 C), shutting down"
    counterexamples:
      - "Nov 30 08:55:19 node-9 kernel: CPU3: Core temperature/speed normal"

  # --- containers
  - id: container-oom-killed
    title: A container was killed for exceeding its memory limit
    pattern: '(?i)\bOOM[- ]?killed\b'
    severity: critical
    tags: [container, memory]
    examples:
      - '{"level":"warn","ts":"2026-11-30T08:55:19Z","msg":"container terminated","pod":"shop/api-7d9f8c6b5-x2x4q","container":"api","reason":"OOMKilled","exitCode":137}'
      - "2026-11-30 08:55:19 WARN watcher: container api in pod shop/api-7d9f8c6b5-x2x4q was OOM-killed (limit 512Mi), restarting"
    counterexamples:
      - "2026-11-30 08:55:19 INFO watcher: container api in pod shop/api-7d9f8c6b5-x2x4q terminated: reason=Completed exitCode=0"
  - id: container-crash-loop
    title: A container keeps crashing and is restarted with back-off
    pattern: '(?i)\bCrashLoopBackOff\b|\bback-off restarting failed container\b'
    severity: high
    tags: [container]
    examples:
      - "Warning  BackOff  pod/api-7d9f8c6b5-x2x4q  Back-off restarting failed container api in pod api-7d9f8c6b5-x2x4q_shop(0f1e2d3c-1111-2222-3333-444455556666)"
      - "2026-11-30T08:55:19Z shop/api-7d9f8c6b5-x2x4q 0/1 CrashLoopBackOff 14 (2m ago) 47m"
    counterexamples:
      - "2026-11-30T08:55:19Z shop/api-7d9f8c6b5-x2x4q 1/1 Running 0 47m"
  - id: container-image-pull-failed
    title: A container image could not be pulled
    pattern: '(?i)\b(?:ImagePullBackOff|ErrImagePull|failed to pull (?:and unpack )?image)\b'
    severity: high
    tags: [container]
    examples:
      - 'Warning  Failed  pod/api-7d9f8c6b5-x2x4q  Failed to pull image "registry.example.com/shop/api:1.4.2": rpc error: code = NotFound desc = failed to resolve reference "registry.example.com/shop/api:1.4.2": not found'
      - "2026-11-30T08:55:19Z shop/api-7d9f8c6b5-x2x4q 0/1 ImagePullBackOff 0 3m"
    counterexamples:
      - 'Normal  Pulled  pod/api-7d9f8c6b5-x2x4q  Successfully pulled image "registry.example.com/shop/api:1.4.2" in 1.2s'
  - id: pod-evicted
    title: A pod was evicted from its node
    pattern: '(?i)\bpods? (?:was |is |has been )?evicted\b|\bthe node was low on resource\b|\bevict(?:ed|ing) pods?\b'
    severity: high
    tags: [container]
    examples:
      - "Warning  Evicted  pod/api-7d9f8c6b5-x2x4q  The node was low on resource: memory. Container api was using 1.2Gi, which exceeds its request of 512Mi."
      - "2026-11-30 08:55:19 WARN scheduler: evicted pod shop/api-7d9f8c6b5-x2x4q from node worker-3 (DiskPressure)"
    counterexamples:
      - "2026-11-30T08:55:19Z kubelet: node worker-3 condition MemoryPressure is now False"

  # --- memory
  - id: jvm-out-of-memory
    title: The JVM ran out of memory (OutOfMemoryError)
    pattern: '\bOutOfMemoryError\b'
    severity: critical
    tags: [memory, jvm, crash]
    examples:
      - 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space'
      - "2026-11-30 08:55:19,123 ERROR [http-nio-8080-exec-7] c.e.shop.OrderService - Request failed: java.lang.OutOfMemoryError: GC overhead limit exceeded"
      - "Caused by: java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory or process/resource limits reached"
    counterexamples:
      - "2026-11-30 08:55:19,123 INFO  [main] c.e.shop.Boot - JVM started with -Xmx4g -XX:+HeapDumpOnOutOfMemoryError"
  - id: python-memory-error
    title: Python ran out of memory (MemoryError)
    pattern: '\bMemoryError\b'
    severity: critical
    tags: [memory, python]
    examples:
      - "MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data type float64"
      - "2026-11-30 08:55:19,123 ERROR worker: task 42 failed: MemoryError"
    counterexamples:
      - "2026-11-30 08:55:19,123 INFO worker: registered MemoryErrorHandler for task pool"
  - id: go-runtime-out-of-memory
    title: The Go runtime ran out of memory
    pattern: '\bfatal error: runtime: (?:out of memory|cannot allocate memory)'
    severity: critical
    tags: [memory, go, crash]
    examples:
      - "fatal error: runtime: out of memory"
      - "2026-11-30T08:55:19.123Z stderr F fatal error: runtime: cannot allocate memory"
    counterexamples:
      - "fatal error: runtime: unlock of unlocked lock"
  - id: node-heap-out-of-memory
    title: Node.js ran out of JavaScript heap
    pattern: '(?i)\bJavaScript heap out of memory\b'
    severity: critical
    tags: [memory, node, crash]
    examples:
      - "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"
      - "<--- JS stacktrace ---> FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory"
    counterexamples:
      - "2026-11-30T08:55:19.123Z info: node started with --max-old-space-size=4096 (JavaScript heap limit 4096 MB)"
  - id: cannot-allocate-memory
    title: A memory allocation failed (ENOMEM)
    pattern: '(?i)\b(?:cannot|can''t|could not|couldn''t|failed to|unable to) allocate (?:memory|\d{1,20} bytes)\b|\bENOMEM\b|\bstd::bad_alloc\b|\bmemory allocation failed\b'
    severity: critical
    tags: [memory]
    examples:
      - "2026-11-30 08:55:19 ERROR scheduler: fork: Cannot allocate memory"
      - "terminate called after throwing an instance of 'std::bad_alloc'"
      - "Error: ENOMEM: not enough memory, read"
      - "2026-11-30 08:55:19 ERROR codec: failed to allocate 1048576 bytes for frame buffer"
    counterexamples:
      - "2026-11-30 08:55:19 INFO allocator: allocated 512 MiB arena, 3.2 GiB free"
  - id: out-of-memory
    title: A process ran out of memory
    pattern: '(?i)\bout of memory\b|\bmemory (?:size of \d{1,20} bytes )?exhausted\b'
    severity: critical
    tags: [memory]
    examples:
      - "2026-11-30 08:55:19.123 UTC [4242] ERROR:  out of memory"
      - "PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in /var/www/app/src/Report.php on line 88"
      - "2026-11-30 08:55:19 ERROR encoder: out of memory while resizing frame buffer"
    counterexamples:
      - "2026-11-30 08:55:19 INFO monitor: memory usage 71% of 8 GiB (no out-of-memory risk)"

  # --- native crashes
  - id: glibc-heap-corruption
    title: The C library detected heap corruption and aborted
    pattern: '\bdouble free or corruption\b|\bmalloc\(\): [\w ]{0,40}corrupt|\bfree\(\): invalid (?:pointer|size|next size)\b|\bcorrupted (?:size vs\. prev_size|double-linked list)\b|\bmalloc_consolidate\(\): invalid chunk size\b'
    severity: critical
    tags: [crash, memory]
    examples:
      - "*** Error in `/usr/local/bin/ingestd': double free or corruption (fasttop): 0x00000000019c3010 ***"
      - "2026-11-30T08:55:19.123Z stderr F free(): invalid pointer"
      - "2026-11-30T08:55:19.123Z stderr F malloc(): unsorted double linked list corrupted"
    counterexamples:
      - "2026-11-30 08:55:19 DEBUG pool: free(): released 42 buffers to arena 3"
  - id: segfault
    title: A process crashed with a segmentation fault (kernel report)
    pattern: '(?<process>[\w.:/-]{1,64})\[\d{1,10}\]: segfault at [0-9a-f]{1,16} ip\b'
    severity: critical
    tags: [crash, kernel]
    split-by: [process]
    examples:
      - "Nov 30 08:55:19 web-3 kernel: [ 8123.456789] ingestd[23117]: segfault at 0 ip 00007f3a2c1b4e5a sp 00007ffd9b2c3a10 error 4 in libc.so.6[7f3a2c028000+195000]"
      - "Nov 30 08:55:19 web-3 kernel: php-fpm8.2[4242]: segfault at 7ffc8b9e1ff8 ip 000055d1a3e2c3b1 sp 00007ffc8b9e2000 error 6 in php-fpm8.2[55d1a3c00000+3a1000] likely on CPU 3 (core 3, socket 0)"
    counterexamples:
      - "Nov 30 08:55:19 web-3 ingestd[23117]: worker 3 recovered; previous run ended without segfault"
  - id: crash-signal
    title: A process crashed on a fatal signal
    pattern: '\b(?<signal>SIGSEGV|SIGABRT|SIGBUS|SIGILL|SIGFPE|SIGSYS|SIGTRAP)\b'
    severity: critical
    tags: [crash]
    split-by: [signal]
    examples:
      - "2026-11-30 08:55:19.123 F libc: Fatal signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr 0x0 in tid 4242 (RenderThread), pid 4200 (com.example.app)"
      - "*** SIGABRT received at time=1764492919 on cpu 3 ***"
      - "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a5b2c]"
      - "2026-11-30 08:55:19 ERROR supervisor: worker 7 terminated by signal SIGBUS"
    counterexamples:
      - "2026-11-30 08:55:19 INFO server: received SIGTERM, shutting down gracefully"
  - id: segmentation-fault
    title: A process crashed with a segmentation fault
    pattern: '(?i)\bsegmentation fault\b'
    severity: critical
    tags: [crash]
    examples:
      - "/usr/local/bin/run-worker.sh: line 12: 23117 Segmentation fault      (core dumped) ./worker --config /etc/worker.yaml"
      - "2026-11-30 08:55:19 ERROR supervisor: child 4242 (render) crashed: Segmentation fault"
    counterexamples:
      - "2026-11-30 08:55:19 INFO supervisor: installed handler for segmentation faults and bus errors"
  - id: stack-overflow
    title: A thread overflowed its stack
    pattern: '(?i)\bStackOverflowError\b|\bstack overflow\b|\bhas overflowed its stack\b|\bmaximum call stack size exceeded\b|\bgoroutine stack exceeds\b'
    severity: high
    tags: [crash]
    examples:
      - 'Exception in thread "main" java.lang.StackOverflowError'
      - "thread 'main' has overflowed its stack"
      - "RangeError: Maximum call stack size exceeded"
      - "fatal error: stack overflow"
    counterexamples:
      - "2026-11-30 08:55:19 INFO docs: see https://stackoverflow.com/questions/218384 for details"
  - id: core-dumped
    title: A process crashed and dumped core
    pattern: '(?i)\bcore dumped\b|\bdumped core\b'
    severity: critical
    tags: [crash]
    examples:
      - "/usr/local/bin/run-worker.sh: line 12: 23117 Aborted                 (core dumped) ./worker"
      - "Nov 30 08:55:19 web-3 systemd-coredump[23120]: Process 23117 (ingestd) of user 1000 dumped core."
    counterexamples:
      - "Nov 30 08:55:19 web-3 systemd-coredump[23120]: Core dump storage is disabled (Storage=none)"
  - id: killed-by-signal
    title: A process was killed by a signal
    pattern: '(?i)\b(?:killed|terminated|exited|stopped) (?:by|on|with|due to) (?:signal:? ?)?(?<signal>SIG[A-Z0-9]{2,8}\b|(?<=signal )\d{1,2}\b|(?<=signal: )\d{1,2}\b)'
    severity: high
    tags: [crash, process]
    split-by: [signal]
    examples:
      - "2026-11-30 08:55:19 WARN supervisor: worker pid 4242 was killed by signal 9"
      - "2026-11-30 08:55:19 WARN runner: process /usr/bin/backup exited on signal SIGKILL"
      - "[2026-11-30 08:55:19] child 4242 terminated by signal SIGTERM"
    counterexamples:
      - "2026-11-30 08:55:19 INFO supervisor: sending SIGTERM to worker pid 4242 for graceful shutdown"
      - "2026-11-30 08:55:19 INFO job: stopped with 3 warnings"

  # --- disks and file systems
  - id: disk-full
    title: A disk or file system is full (ENOSPC)
    pattern: '(?i)\bno space left on device\b|\bENOSPC\b|\b(?:disk|file ?system|volume|partition) (?:is )?full\b'
    severity: critical
    tags: [disk, storage]
    examples:
      - "2026-11-30 08:55:19 ERROR writer: write /var/lib/app/data/000042.log: no space left on device"
      - '2026-11-30 08:55:19.123 UTC [4242] PANIC:  could not write to file "pg_wal/xlogtemp.4242": No space left on device'
      - "Error: ENOSPC: no space left on device, write"
      - "2026-11-30 08:55:19 WARN backup: destination volume is full, aborting"
    counterexamples:
      - "2026-11-30 08:55:19 INFO monitor: /var has 12.4 GiB free (42% used)"
      - "2026-11-30 08:55:19 INFO monitor: disk fullness check passed"
  - id: disk-quota-exceeded
    title: A disk quota was exceeded (EDQUOT)
    pattern: '(?i)\bdisk quota exceeded\b|\bEDQUOT\b'
    severity: critical
    tags: [disk, storage]
    examples:
      - "2026-11-30 08:55:19 ERROR uploader: open /home/build/cache/obj-42.o: disk quota exceeded"
      - "cp: error writing '/srv/share/report.csv': Disk quota exceeded"
    counterexamples:
      - "2026-11-30 08:55:19 INFO quota: user build uses 12.1 GiB of 20 GiB disk quota"
  - id: read-only-filesystem
    title: A file system is read-only (EROFS) or was remounted read-only
    pattern: '(?i)\bread-only file ?system\b|\bEROFS\b|\bremount(?:ing|ed)? (?:file ?system )?read-only\b'
    severity: critical
    tags: [disk, filesystem]
    examples:
      - "2026-11-30 08:55:19 ERROR writer: open /var/lib/app/state.db-journal: read-only file system"
      - "Nov 30 08:55:19 db-1 kernel: [ 9123.456789] EXT4-fs (sda1): Remounting filesystem read-only"
    counterexamples:
      - "Nov 30 08:55:19 db-1 kernel: [    2.123456] EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: errors=remount-ro"
      - "Nov 30 08:55:19 db-1 kernel: [    3.456789] EXT4-fs (sda1): re-mounted. Opts: (null). Quota mode: none."
  - id: io-error
    title: A device reported an I/O error
    pattern: '(?i)\bI/O error\b|\binput/output error\b|\bunrecovered read error\b|\bcritical medium error\b'
    severity: critical
    tags: [disk, hardware]
    examples:
      - "Nov 30 08:55:19 db-1 kernel: [ 9123.456700] I/O error, dev sdb, sector 123456789 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 2"
      - "Nov 30 08:55:19 db-1 kernel: Buffer I/O error on dev sdb1, logical block 15433, async page read"
      - "cat: /mnt/data/part-0007.parquet: Input/output error"
      - "Nov 30 08:55:19 db-1 kernel: sd 2:0:0:0: [sdb] tag#12 Add. Sense: Unrecovered read error - auto reallocate failed"
    counterexamples:
      - "Nov 30 08:55:19 db-1 kernel: [    1.234567] sd 2:0:0:0: [sdb] 1953525168 512-byte logical blocks: (1.00 TB/932 GiB)"
  - id: filesystem-error
    title: A file system reported an error or corruption
    pattern: '(?i)\b(?:EXT[234]-fs|XFS|BTRFS)(?: error| critical|(?: warning)? \([^)]{1,40}\):? (?:error|critical|corruption|metadata corruption|internal error))\b|\bstructure needs cleaning\b'
    severity: critical
    tags: [disk, filesystem]
    examples:
      - "Nov 30 08:55:19 db-1 kernel: EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0"
      - "Nov 30 08:55:19 db-1 kernel: XFS (dm-0): Corruption detected. Unmount and run xfs_repair"
      - "Nov 30 08:55:19 db-1 kernel: BTRFS error (device nvme0n1p2): bdev /dev/nvme0n1p2 errs: wr 0, rd 0, flush 0, corrupt 1, gen 0"
      - "ls: cannot access '/srv/data/index': Structure needs cleaning"
    counterexamples:
      - "Nov 30 08:55:19 db-1 kernel: [    2.123456] EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none."
      - "Nov 30 08:55:19 db-1 kernel: XFS (dm-0): Ending clean mount"
  - id: disk-smart-failing
    title: A disk's SMART self-check reports failure or bad sectors
    pattern: '(?i)\bFAILED SMART self-check\b|\bSMART overall-health self-assessment test result: FAILED\b|\b(?:currently unreadable \(pending\)|offline uncorrectable) sectors?\b'
    severity: high
    tags: [disk, hardware]
    examples:
      - "Nov 30 08:55:19 nas-1 smartd[842]: Device: /dev/sda [SAT], 8 Currently unreadable (pending) sectors"
      - "Nov 30 08:55:19 nas-1 smartd[842]: Device: /dev/sdb [SAT], FAILED SMART self-check. BACK UP DATA NOW!"
      - "SMART overall-health self-assessment test result: FAILED!"
    counterexamples:
      - "SMART overall-health self-assessment test result: PASSED"
  - id: checksum-mismatch
    title: Data failed a checksum or digest check
    pattern: '(?i)\b(?:checksum|crc|digest|hash) (?:mismatch|error|failure|verification failed|does not match|failed)\b|\bbad checksum\b'
    severity: critical
    tags: [data, integrity]
    examples:
      - "2026-11-30 08:55:19 ERROR restore: checksum mismatch for segment 000000010000000A00000042 (expected 9f3b1c2a, got 0e4d77aa)"
      - "2026-11-30 08:55:19 ERROR pull: sha256 digest mismatch for layer sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1"
      - "2026-11-30 08:55:19 WARN reader: CRC error in chunk 17 of /backups/db-20261129.tar.zst"
    counterexamples:
      - "2026-11-30 08:55:19 INFO restore: checksum verified for 1204 files (sha256)"
  - id: data-corruption
    title: Stored data is corrupt
    pattern: '(?i)(?<!\bno )\b(?:corruption (?:detected|in|of|at|on)\b|(?:is|was|are|were|appears|seems|been|found|detected) (?:to be )?corrupt(?:ed)?\b|corrupt(?:ed)? (?:data|page|index|block|file|record|entry|header|archive|database|table|journal|segment|chunk|object|stream|metadata|checkpoint|snapshot)s?\b|data corruption\b|database disk image is malformed\b)'
    severity: critical
    tags: [data, integrity]
    examples:
      - "2026-11-30 08:55:19 [ERROR] InnoDB: Database page corruption on disk or a failed file read of page [page id: space=42, page number=7]. You may have to recover from a backup."
      - "2026-11-30 08:55:19 ERROR store: sqlite3: database disk image is malformed"
      - "2026-11-30 08:55:19 ERROR index: segment _4f.cfs appears to be corrupted, skipping"
    counterexamples:
      - "2026-11-30 08:55:19 INFO scrub: pool tank scrub finished, no corruption detected"
  - id: disk-space-low
    title: Free disk space is running low
    pattern: '(?i)\blow (?:on )?disk space\b|\bdisk space (?:is )?(?:low|running low|critically low)\b|\bfree (?:disk )?space (?:is )?below\b'
    severity: medium
    tags: [disk]
    examples:
      - "2026-11-30 08:55:19 WARN monitor: low disk space on /var: 1.2 GiB free (97% used)"
      - "2026-11-30 08:55:19 WARNING backup: disk space is running low on /backups (2.1 GiB left)"
    counterexamples:
      - "2026-11-30 08:55:19 INFO monitor: disk space ok on /var: 41.2 GiB free (38% used)"

  # --- process resources and permissions
  - id: too-many-open-files
    title: A process ran out of file descriptors (EMFILE)
    pattern: '(?i)\btoo many open files\b|\bEMFILE\b|\bENFILE\b|\bfile-max limit \d{1,12} reached\b|\bfile table overflow\b'
    severity: high
    tags: [resources]
    examples:
      - "2026-11-30 08:55:19 ERROR http: Accept error: accept tcp [::]:8080: accept4: too many open files; retrying in 1s"
      - "Error: EMFILE: too many open files, open '/srv/app/static/img/logo.png'"
      - "Nov 30 08:55:19 web-3 kernel: VFS: file-max limit 65536 reached"
    counterexamples:
      - "2026-11-30 08:55:19 INFO limits: open files soft limit 65536, hard limit 1048576"
  - id: process-limit-reached
    title: A new process or thread could not be created
    pattern: '(?i)\b(?:cannot|could not|unable to|failed to) (?:fork|create (?:a )?(?:new )?(?:native |OS )?thread|spawn (?:a )?(?:new )?process)\b|\bfork: (?:retry: )?Resource temporarily unavailable\b|\bpthread_create failed\b'
    severity: high
    tags: [resources]
    examples:
      - "-bash: fork: retry: Resource temporarily unavailable"
      - "runtime: failed to create new OS thread (have 10001 already; errno=11)"
      - "runtime/cgo: pthread_create failed: Resource temporarily unavailable"
    counterexamples:
      - "2026-11-30 08:55:19 INFO pool: created 32 worker threads (max 256)"
  - id: permission-denied
    title: Access to a file or resource was denied (EACCES)
    pattern: '(?i)\bpermission denied\b(?! \((?:publickey|password|keyboard-interactive))|\bEACCES\b'
    severity: high
    tags: [permissions]
    examples:
      - "2026-11-30 08:55:19 ERROR server: open /etc/app/tls/key.pem: permission denied"
      - "Error: EACCES: permission denied, mkdir '/usr/lib/node_modules/app'"
      - "2026-11-30 08:55:19 ERROR listener: listen tcp :443: bind: permission denied"
    counterexamples:
      - "2026-11-30 08:55:19 INFO server: opened /etc/app/tls/key.pem (mode 0600, owner app)"
      - "deploy@10.0.0.4: Permission denied (publickey,password)."
  - id: operation-not-permitted
    title: An operation was not permitted (EPERM)
    pattern: '(?i)\boperation not permitted\b|\bEPERM\b'
    severity: high
    tags: [permissions]
    examples:
      - "chown: changing ownership of '/data/app': Operation not permitted"
      - "2026-11-30 08:55:19 ERROR agent: setrlimit(RLIMIT_MEMLOCK): operation not permitted"
    counterexamples:
      - "2026-11-30 08:55:19 INFO agent: capability CAP_NET_ADMIN granted; operation permitted"
  - id: security-policy-denied
    title: A mandatory access control policy (SELinux or AppArmor) denied an operation
    pattern: '(?i)\bavc: {1,2}denied\b|\bapparmor="DENIED"'
    severity: high
    tags: [permissions, security]
    examples:
      - 'Nov 30 08:55:19 web-3 kernel: audit: type=1400 audit(1764492919.123:456): avc:  denied  { read } for  pid=4242 comm="webd" name="index.html" dev="sda1" ino=123456 scontext=system_u:system_r:httpd_t:s0 tcontext=unconfined_u:object_r:user_home_t:s0 tclass=file permissive=0'
      - 'Nov 30 08:55:19 web-3 kernel: audit: type=1400 audit(1764492919.456:457): apparmor="DENIED" operation="open" profile="/usr/sbin/webd" name="/srv/www/secret.txt" pid=4242 comm="webd" requested_mask="r" denied_mask="r" fsuid=33 ouid=0'
    counterexamples:
      - 'Nov 30 08:55:19 web-3 kernel: audit: type=1400 audit(1764492919.001:450): apparmor="STATUS" operation="profile_load" profile="unconfined" name="/usr/sbin/webd" pid=4200 comm="apparmor_parser"'
  - id: address-in-use
    title: A server could not bind its address (address already in use)
    pattern: '(?i)\baddress already in use\b|\bEADDRINUSE\b|\bport (?:\d{1,5} )?is already (?:in use|allocated)\b'
    severity: high
    tags: [network, service]
    examples:
      - "2026-11-30 08:55:19 FATAL server: listen tcp 0.0.0.0:8080: bind: address already in use"
      - "Error: listen EADDRINUSE: address already in use :::3000"
      - "Error response from daemon: driver failed programming external connectivity on endpoint web (0f1e2d3c): Bind for 0.0.0.0:80 failed: port is already allocated"
    counterexamples:
      - "2026-11-30 08:55:19 INFO server: listening on 0.0.0.0:8080"

  # --- TLS
  - id: tls-certificate-expired
    title: A TLS certificate has expired
    pattern: '(?i)\bcertificate (?:has |is )?expired\b|\bexpired certificate\b|\bCERT_HAS_EXPIRED\b'
    severity: high
    tags: [tls]
    examples:
      - '2026-11-30 08:55:19 ERROR client: Get "https://api.example.com/v1/orders": x509: certificate has expired or is not yet valid: current time 2026-11-30T08:55:19Z is after 2026-11-29T23:59:59Z'
      - "2026-11-30 08:55:19 ERROR fetch failed: certificate has expired (code CERT_HAS_EXPIRED)"
      - "140234567890:error:14094415:SSL routines:ssl3_read_bytes:sslv3 alert certificate expired:ssl/record/rec_layer_s3.c:1543:SSL alert number 45"
    counterexamples:
      - "2026-11-30 08:55:19 INFO certs: certificate for api.example.com renewed, valid until 2027-02-28"
  - id: tls-unknown-authority
    title: A TLS certificate is signed by an unknown or untrusted authority
    pattern: '(?i)\bunknown (?:authority|ca)\b|\bunable to get (?:local )?issuer certificate\b|\bself[- ]signed certificate in (?:the )?certificate chain\b|\bPKIX path building failed\b|\bSELF_SIGNED_CERT_IN_CHAIN\b|\bDEPTH_ZERO_SELF_SIGNED_CERT\b|\bUNABLE_TO_VERIFY_LEAF_SIGNATURE\b|\bunable to verify the first certificate\b'
    severity: high
    tags: [tls]
    examples:
      - 'Get "https://registry.internal:5000/v2/": x509: certificate signed by unknown authority'
      - "requests.exceptions.SSLError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v1/orders (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))"
      - "javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target"
      - "2026-11-30 08:55:19 ERROR client: request to https://api.internal/ failed, reason: self-signed certificate in certificate chain"
    counterexamples:
      - "2026-11-30 08:55:19 INFO tls: generated self-signed certificate for localhost (valid 365 days)"
  - id: tls-hostname-mismatch
    title: A TLS certificate does not match the host name
    pattern: '(?i)\bcertificate is valid for [^\n]{1,300}?, not\b|\bdoes not match certificate''s altnames\b|\bhostname mismatch\b|\bERR_TLS_CERT_ALTNAME_INVALID\b|\bNo subject alternative (?:DNS )?names? matching\b|\bno alternative certificate subject name matches\b'
    severity: high
    tags: [tls]
    examples:
      - 'Get "https://10.0.0.12:8443/healthz": x509: certificate is valid for api.example.com, api-internal.example.com, not 10.0.0.12'
      - "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: db.example.net. is not in the cert's altnames: DNS:*.example.com"
      - "javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching api.internal found."
      - "curl: (60) SSL: no alternative certificate subject name matches target host name 'api.internal'"
    counterexamples:
      - "2026-11-30 08:55:19 DEBUG tls: certificate is valid for api.example.com (matched SAN DNS:api.example.com)"
  - id: tls-verify-failed
    title: TLS certificate verification failed
    pattern: '(?i)\bcertificate[ _]verify[ _]failed\b|\bSSL certificate problem\b|\bcertificate verification failed\b|\bx509: |\bbad certificate\b|\bcertificate (?:is )?not yet valid\b'
    severity: high
    tags: [tls]
    examples:
      - "2026-11-30 08:55:19 ERROR openssl: error:0A000086:SSL routines::certificate verify failed"
      - "curl: (60) SSL certificate problem: certificate is not yet valid"
      - "2026-11-30 08:55:19 ERROR grpc: transport: authentication handshake failed: x509: cannot validate certificate for 10.0.0.12 because it doesn't contain any IP SANs"
      - "2026/11/30 08:55:19 http: TLS handshake error from 10.0.0.7:51234: remote error: tls: bad certificate"
    counterexamples:
      - "2026-11-30 08:55:19 DEBUG tls: peer certificate verified (CN=api.example.com, issuer=Example CA)"
  - id: tls-handshake-failed
    title: A TLS handshake failed
    pattern: '(?i)\b(?:TLS|SSL) ?handshake (?:error|fail(?:ed|ure)|timeout|timed out)\b|\bhandshake[_ ]failure\b|\bno shared cipher\b|\bwrong version number\b|\balert protocol version\b|\bSSLHandshakeException\b|\bunsupported protocol\b'
    severity: high
    tags: [tls]
    examples:
      - "2026/11/30 08:55:19 http: TLS handshake error from 10.0.0.7:51234: EOF"
      - "2026-11-30 08:55:19 ERROR proxy: SSL handshake failed: error:0A000410:SSL routines::sslv3 alert handshake failure"
      - "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure"
      - "2026-11-30 08:55:19 ERROR client: SSL routines:ssl3_get_record:wrong version number"
    counterexamples:
      - "2026-11-30 08:55:19 DEBUG proxy: TLS handshake completed with 10.0.0.7:51234 (TLSv1.3, TLS_AES_128_GCM_SHA256)"
  - id: certificate-expiring-soon
    title: A certificate will expire soon
    pattern: '(?i)\bcert(?:ificate)?s?\b.{0,100}?\b(?:will expire|expires|expiring|about to expire)(?: (?:with)?in (?:less than )?\d{1,4} ?(?:days?|hours?|d|h)\b| soon\b)'
    severity: low
    tags: [tls]
    examples:
      - "2026-11-30 08:55:19 WARN certs: certificate for api.example.com expires in 7 days (2026-12-07T00:00:00Z)"
      - "2026-11-30 08:55:19 WARNING tls: client certificate CN=billing-worker will expire in 36 hours"
      - "2026-11-30 08:55:19 WARN monitor: TLS certificate expiring soon: *.example.com (not after 2026-12-14)"
    counterexamples:
      - "2026-11-30 08:55:19 INFO certs: certificate for api.example.com expires 2027-02-28 (90 days left)"

  # --- databases
  - id: db-deadlock
    title: The database detected a deadlock
    pattern: '(?i)\bdeadlock (?:detected|found)\b|\bdeadlock victim\b|\bdeadlocked on\b|\bDeadlockLoserDataAccessException\b|\b40P01\b'
    severity: high
    tags: [database]
    examples:
      - "2026-11-30 08:55:19.123 UTC [4242] ERROR:  deadlock detected"
      - "ERROR 1213 (40001): Deadlock found when trying to get lock; try restarting transaction"
      - "2026-11-30 08:55:19 ERROR jobs: Transaction (Process ID 57) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction."
    counterexamples:
      - '2026-11-30 08:55:19.123 UTC [4242] LOG:  parameter "deadlock_timeout" changed to "2s"'
  - id: db-lock-wait-timeout
    title: A database lock could not be obtained in time
    pattern: '(?i)\block wait timeout exceeded\b|\block (?:request |acquisition )?(?:time ?out|timed out)\b|\bcould not obtain lock\b|\bLockTimeoutException\b'
    severity: medium
    tags: [database, timeout]
    examples:
      - "ERROR 1205 (HY000): Lock wait timeout exceeded; try restarting transaction"
      - "2026-11-30 08:55:19.123 UTC [4242] ERROR:  canceling statement due to lock timeout"
      - '2026-11-30 08:55:19.123 UTC [4242] ERROR:  could not obtain lock on row in relation "orders"'
      - "Msg 1222, Level 16, State 51, Line 1 Lock request time out period exceeded."
    counterexamples:
      - "2026-11-30 08:55:19 INFO migrate: lock acquired on schema_migrations after 12ms"
  - id: db-statement-timeout
    title: A database query was cancelled for running too long
    pattern: '(?i)\bcanceling statement due to statement timeout\b|\bquery (?:timed out|timeout (?:exceeded|expired))\b|\bquery execution was interrupted\b|\bmaximum statement execution time exceeded\b'
    severity: medium
    tags: [database, timeout]
    examples:
      - "2026-11-30 08:55:19.123 UTC [4242] ERROR:  canceling statement due to statement timeout"
      - "ERROR 3024 (HY000): Query execution was interrupted, maximum statement execution time exceeded"
      - "2026-11-30 08:55:19 ERROR reports: query timed out after 30s"
    counterexamples:
      - "2026-11-30 08:55:19 INFO reports: query finished in 1.2s (timeout 30s)"
  - id: db-too-many-connections
    title: The database refused a connection (too many connections)
    pattern: '(?i)\btoo many connections\b|\btoo many clients already\b|\bremaining connection slots are reserved\b|\bmax(?:imum)?[_ ](?:number of )?(?:connections|clients)\b.{0,40}?\b(?:reached|exceeded)\b'
    severity: high
    tags: [database]
    examples:
      - "ERROR 1040 (08004): Too many connections"
      - "2026-11-30 08:55:19.123 UTC [4242] FATAL:  sorry, too many clients already"
      - "2026-11-30 08:55:19.123 UTC [4242] FATAL:  remaining connection slots are reserved for non-replication superuser connections"
      - "(error) ERR max number of clients reached"
    counterexamples:
      - "2026-11-30 08:55:19.123 UTC [4242] LOG:  max_connections = 200, current connections = 37"
  - id: connection-pool-exhausted
    title: No connection was free in a connection pool
    pattern: '(?i)\bconnection is not available, request timed out\b|\bconnection pool (?:is )?(?:exhausted|full|depleted)\b|\btimeout waiting for (?:an? )?(?:idle )?(?:object|connection)\b|\bQueuePool limit of size \d{1,6} overflow \d{1,6} reached\b|\b(?:unable|failed) to acquire (?:a )?(?:JDBC )?connection\b|\bcould not get (?:a )?JDBC connection\b'
    severity: medium
    tags: [database, resources]
    examples:
      - "2026-11-30 08:55:19.123 ERROR [http-nio-8080-exec-7] HikariPool-1 - Connection is not available, request timed out after 30000ms."
      - "sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00"
      - "2026-11-30 08:55:19 ERROR orders: timeout waiting for idle object (pool exhausted)"
      - "2026-11-30 08:55:19 ERROR api: connection pool exhausted: 50 of 50 connections in use"
    counterexamples:
      - "2026-11-30 08:55:19 INFO [main] HikariPool-1 - Start completed."
      - "2026-11-30 08:55:19 DEBUG pool: connection pool stats: active=3 idle=7 waiting=0"
  - id: db-connection-lost
    title: The connection to the database was lost
    pattern: '(?i)\bserver closed the connection unexpectedly\b|\bserver has gone away\b|\blost connection to \w{1,20} server\b|\bthe database system is (?:shutting down|starting up|in recovery mode)\b|\bterminating connection due to administrator command\b|\bCommunications link failure\b'
    severity: high
    tags: [database]
    examples:
      - "psycopg2.OperationalError: server closed the connection unexpectedly"
      - "ERROR 2006 (HY000): MySQL server has gone away"
      - "ERROR 2013 (HY000): Lost connection to MySQL server during query"
      - "2026-11-30 08:55:19.123 UTC [4242] FATAL:  the database system is starting up"
      - "com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure"
    counterexamples:
      - "2026-11-30 08:55:19.123 UTC [4200] LOG:  database system is ready to accept connections"
  - id: replication-broken
    title: Database replication stopped or failed
    pattern: '(?i)\breplication (?:is |has )?(?:broken|stopped|failed|failure|error|halted|interrupted)\b|\b(?:slave|replica) (?:SQL|I/O|IO) thread(?: for channel ''[^'']{0,64}'')? (?:stopped|exiting|killed|aborted)\b|\bcould not receive data from WAL stream\b'
    severity: high
    tags: [database, replication]
    examples:
      - '2026-11-30T08:55:19.123456Z 12 [ERROR] [MY-010586] [Repl] Error running query, slave SQL thread aborted. Fix the problem, and restart the slave SQL thread with "SLAVE START". We stopped at log ''mysql-bin.000042'' position 1234'
      - "2026-11-30 08:55:19.123 UTC [4242] FATAL:  could not receive data from WAL stream: ERROR:  requested WAL segment 00000001000000000000002A has already been removed"
      - "2026-11-30 08:55:19 ERROR repl: replication stopped on replica db-2: duplicate key on table orders"
    counterexamples:
      - "2026-11-30T08:55:19.123456Z 12 [System] [MY-010562] [Repl] Slave I/O thread for channel '': connected to master 'repl@10.0.0.2:3306',replication started in log 'mysql-bin.000001' at position 4"
  - id: replication-lag
    title: A database replica is lagging behind
    pattern: '(?i)\breplica(?:tion)? lag\b.{0,60}?\b(?:exceed(?:s|ed)?|above|too high|threshold)\b|\b(?:lagging|behind) (?:the )?(?:primary|master|leader)\b'
    severity: medium
    tags: [database, replication]
    examples:
      - "2026-11-30 08:55:19 WARN monitor: replication lag 45s exceeds threshold 30s on db-2"
      - "2026-11-30 08:55:19 WARN repl: replica db-2 is 312 seconds behind the primary"
    counterexamples:
      - "2026-11-30 08:55:19 INFO repl: replica db-2 caught up with the primary (lag 0s)"
  - id: slow-query
    title: A query or request was slow
    pattern: '(?i)\bslow (?:query|queries|statement|request|operation)\b|\bduration: \d{4,9}(?:\.\d{1,3})? ms {1,2}(?:statement|execute)\b'
    severity: low
    tags: [database, performance]
    examples:
      - "2026-11-30 08:55:19 WARN orders: slow query (2.4s): SELECT * FROM orders WHERE customer_id = ?"
      - "2026-11-30 08:55:19.123 UTC [4242] LOG:  duration: 12345.678 ms  statement: SELECT count(*) FROM events"
    counterexamples:
      - "2026-11-30 08:55:19.123 UTC [4242] LOG:  duration: 12.345 ms  statement: SELECT 1"

  # --- network
  - id: network-link-down
    title: A network link went down
    pattern: '(?i)\blink (?:is |status definitely )?down\b|\bcarrier lost\b|\bNETDEV WATCHDOG\b'
    severity: high
    tags: [network]
    examples:
      - "Nov 30 08:55:19 node-4 kernel: [ 7001.123456] e1000e 0000:00:1f.6 eno1: NIC Link is Down"
      - "Nov 30 08:55:19 node-4 kernel: bond0: (slave eth1): link status definitely down, disabling slave"
      - "Nov 30 08:55:19 node-4 kernel: NETDEV WATCHDOG: eth0 (ixgbe): transmit queue 3 timed out 5120 ms"
    counterexamples:
      - "Nov 30 08:55:19 node-4 kernel: [    9.876543] e1000e 0000:00:1f.6 eno1: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx"
  - id: nfs-server-not-responding
    title: An NFS server is not responding
    pattern: '(?i)\bnfs: server \S{1,255} not responding\b'
    severity: high
    tags: [network, storage]
    examples:
      - "Nov 30 08:55:19 node-4 kernel: nfs: server filer-2 not responding, still trying"
      - "Nov 30 08:55:19 node-4 kernel: [ 7001.100000] nfs: server 10.0.0.50 not responding, timed out"
    counterexamples:
      - "Nov 30 08:55:19 node-4 kernel: nfs: server filer-2 OK"
  - id: connection-refused
    title: A connection was refused
    pattern: '(?i)\bconnection refused\b|\bECONNREFUSED\b'
    severity: high
    tags: [network]
    examples:
      - "2026-11-30 08:55:19 ERROR db: dial tcp 10.0.0.12:5432: connect: connection refused"
      - "Error: connect ECONNREFUSED 127.0.0.1:6379"
      - "Caused by: java.net.ConnectException: Connection refused (Connection refused)"
      - 'psql: error: connection to server at "db.internal" (10.0.0.12), port 5432 failed: Connection refused'
    counterexamples:
      - "2026-11-30 08:55:19 INFO db: connection to 10.0.0.12:5432 established in 3ms"
  - id: connection-reset
    title: A connection was reset by the peer
    pattern: '(?i)\bconnection reset\b|\bECONNRESET\b|\bconnection (?:was )?(?:forcibly closed|aborted) by (?:the )?(?:remote host|peer)\b'
    severity: high
    tags: [network]
    examples:
      - "2026-11-30 08:55:19 ERROR proxy: read tcp 10.0.0.5:43210->10.0.0.12:8080: read: connection reset by peer"
      - "Error: read ECONNRESET"
      - "2026-11-30 08:55:19 ERROR client: [WinError 10054] An existing connection was forcibly closed by the remote host"
    counterexamples:
      - "2026-11-30 08:55:19 INFO pool: connection settings reset to defaults (max_idle=10)"
  - id: broken-pipe
    title: A write failed because the other end closed (broken pipe)
    pattern: '(?i)\bbroken pipe\b|\bEPIPE\b'
    severity: medium
    tags: [network]
    examples:
      - "2026-11-30 08:55:19 ERROR http: write tcp 10.0.0.5:8080->10.0.0.7:51234: write: broken pipe"
      - "BrokenPipeError: [Errno 32] Broken pipe"
      - "Error: write EPIPE"
    counterexamples:
      - "2026-11-30 08:55:19 DEBUG stream: pipe closed by reader after 1024 bytes"
  - id: no-route-to-host
    title: A host could not be reached (no route to host)
    pattern: '(?i)\bno route to host\b|\bEHOSTUNREACH\b|\bhost (?:is )?unreachable\b'
    severity: high
    tags: [network]
    examples:
      - "2026-11-30 08:55:19 ERROR agent: dial tcp 10.0.3.14:9100: connect: no route to host"
      - "Error: connect EHOSTUNREACH 10.0.3.14:9100"
      - "2026-11-30 08:55:19 WARN ping: From 10.0.0.1 icmp_seq=1 Destination Host Unreachable"
    counterexamples:
      - "2026-11-30 08:55:19 INFO netd: route to host 10.0.3.14 added via 10.0.0.1 dev eth0"
  - id: network-unreachable
    title: A network could not be reached
    pattern: '(?i)\bnetwork (?:is )?unreachable\b|\bENETUNREACH\b'
    severity: high
    tags: [network]
    examples:
      - "2026-11-30 08:55:19 ERROR updater: dial tcp [2001:db8::10]:443: connect: network is unreachable"
      - "Error: connect ENETUNREACH 2001:db8::10:443"
    counterexamples:
      - "2026-11-30 08:55:19 INFO netd: network eth0 reachable again after 4s"
  - id: dns-temporary-failure
    title: Name resolution failed temporarily
    pattern: '(?i)\btemporary failure in name resolution\b|\bEAI_AGAIN\b'
    severity: high
    tags: [dns, network]
    examples:
      - "socket.gaierror: [Errno -3] Temporary failure in name resolution"
      - "Error: getaddrinfo EAI_AGAIN api.example.com"
    counterexamples:
      - "2026-11-30 08:55:19 INFO resolver: name resolution for api.example.com took 2ms"
  - id: dns-server-failure
    title: A DNS server failed to answer
    pattern: '(?i)\bSERVFAIL\b|\bno servers could be reached\b|\bserver misbehaving\b'
    severity: high
    tags: [dns, network]
    examples:
      - "2026-11-30 08:55:19 ERROR resolver: lookup api.example.com on 10.96.0.10:53: server misbehaving"
      - ";; connection timed out; no servers could be reached"
      - "2026-11-30 08:55:19 WARN dns: query api.example.com A returned SERVFAIL from 10.0.0.2"
    counterexamples:
      - "2026-11-30 08:55:19 DEBUG dns: query api.example.com A returned NOERROR from 10.0.0.2 in 3ms"
  - id: dns-lookup-failed
    title: A host name could not be resolved
    pattern: '(?i)\bNXDOMAIN\b|\bENOTFOUND\b|\bno such host\b|\bname or service not known\b|\bUnknownHostException\b|\bnodename nor servname provided\b|\bcould not resolve (?:host|hostname|address)\b|\bunknown host\b|\bfailed to resolve\b|\bname does not resolve\b'
    severity: high
    tags: [dns, network]
    examples:
      - "2026-11-30 08:55:19 ERROR db: dial tcp: lookup db.internal on 10.96.0.10:53: no such host"
      - "Error: getaddrinfo ENOTFOUND api.example.com"
      - "socket.gaierror: [Errno -2] Name or service not known"
      - "Caused by: java.net.UnknownHostException: db.internal"
      - "curl: (6) Could not resolve host: api.example.com"
    counterexamples:
      - "2026-11-30 08:55:19 DEBUG resolver: db.internal resolved to 10.0.0.12 (ttl 30s)"
  - id: upstream-timeout
    title: A proxy timed out waiting for its upstream
    pattern: '(?i)\bupstream (?:request )?(?:timed out|timeout)\b'
    severity: medium
    tags: [network, timeout]
    examples:
      - '2026/11/30 08:55:19 [error] 4242#4242: *1234 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.7, server: api.example.com, request: "GET /v1/orders HTTP/1.1", upstream: "http://10.0.0.12:8080/v1/orders", host: "api.example.com"'
      - "2026-11-30T08:55:19.123Z [warning] router: upstream request timeout for route orders (15000ms)"
    counterexamples:
      - "2026-11-30 08:55:19 INFO router: upstream orders responded in 120ms (timeout 15s)"
  - id: connection-timeout
    title: A connection attempt timed out
    pattern: '(?i)\bconnect(?:ion)?(?: attempt)? timed out\b|\bETIMEDOUT\b|\bi/o timeout\b|\bconnection timeout (?:expired|exceeded|occurred|error)\b'
    severity: medium
    tags: [network, timeout]
    examples:
      - "2026-11-30 08:55:19 ERROR db: dial tcp 10.0.0.12:5432: connect: connection timed out"
      - "Caused by: java.net.SocketTimeoutException: connect timed out"
      - "Error: connect ETIMEDOUT 10.0.0.12:443"
      - "2026-11-30 08:55:19 ERROR cache: dial tcp 10.0.0.13:6379: i/o timeout"
    counterexamples:
      - "2026-11-30 08:55:19 INFO db: connected to 10.0.0.12:5432 in 35ms (connect timeout 5s)"

  # --- authentication and authorization
  - id: auth-failed-password
    title: A login with a password or key failed
    pattern: '\bFailed (?:password|publickey|keyboard-interactive(?:/pam)?|none) for\b'
    severity: medium
    tags: [auth, security]
    examples:
      - "Nov 30 08:55:19 bastion-1 sshd[4242]: Failed password for invalid user admin from 203.0.113.5 port 51234 ssh2"
      - "Nov 30 08:55:19 bastion-1 sshd[4242]: Failed publickey for deploy from 198.51.100.7 port 40022 ssh2: RSA SHA256:abcdEFGHijklMNOPqrstUVWXyz0123456789abcdEFG"
    counterexamples:
      - "Nov 30 08:55:19 bastion-1 sshd[4242]: Accepted password for deploy from 198.51.100.7 port 40022 ssh2"
  - id: auth-invalid-user
    title: A login was attempted for a user that does not exist
    pattern: '(?i)\b(?:invalid|illegal) user\s{1,4}\S{1,64}\s{1,4}from\b'
    severity: medium
    tags: [auth, security]
    examples:
      - "Nov 30 08:55:19 bastion-1 sshd[4242]: Invalid user oracle from 203.0.113.5 port 51234"
      - "2026-11-30 08:55:19 WARN ftpd: invalid user guest from 203.0.113.9 rejected"
    counterexamples:
      - "Nov 30 08:55:19 bastion-1 sshd[4242]: Accepted publickey for deploy from 198.51.100.7 port 40022 ssh2: ED25519 SHA256:abc"
  - id: pam-authentication-failure
    title: Authentication failed (PAM)
    pattern: '(?i)\bauthentication failure\b'
    severity: medium
    tags: [auth, security]
    examples:
      - "Nov 30 08:55:19 web-3 sudo[4242]: pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/0 ruser=alice rhost=  user=alice"
      - "Nov 30 08:55:19 web-3 su[4242]: pam_authenticate: Authentication failure"
    counterexamples:
      - "Nov 30 08:55:19 web-3 sudo[4242]: pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)"
  - id: auth-backend-unavailable
    title: The authentication backend cannot be reached
    pattern: '(?i)\bcan''t contact LDAP server\b|\bcannot contact any KDC\b|\b(?:auth(?:entication)?|identity|LDAP|OAuth|OIDC|token|SSO) (?:service|server|provider|backend) (?:is )?(?:unavailable|unreachable|down|not responding)\b'
    severity: high
    tags: [auth]
    examples:
      - "2026-11-30 08:55:19 ERROR login: ldap_sasl_bind(SIMPLE): Can't contact LDAP server (-1)"
      - "2026-11-30 08:55:19 ERROR kinit: Cannot contact any KDC for realm 'EXAMPLE.COM' while getting initial credentials"
      - "2026-11-30 08:55:19 ERROR gateway: authentication service unavailable, rejecting request /v1/orders"
    counterexamples:
      - "2026-11-30 08:55:19 INFO login: connected to LDAP server ldap://ldap.example.com:389"
  - id: auth-failed
    title: Authentication failed (bad credentials or login refused)
    pattern: '(?i)\b(?:authentication|auth|login|logon|sign-in) (?:failed|failure|error|rejected|unsuccessful|denied)\b|\bAccess denied for user\b|\b(?:invalid|incorrect|wrong) (?:username or password|username/password|password|credentials|api[ _-]?key|token)\b|\bbad (?:credentials|password)\b|\bPermission denied \((?:publickey|password|keyboard-interactive)'
    severity: medium
    tags: [auth, security]
    examples:
      - '2026-11-30 08:55:19.123 UTC [4242] FATAL:  password authentication failed for user "app"'
      - "ERROR 1045 (28000): Access denied for user 'app'@'10.0.0.5' (using password: YES)"
      - "2026-11-30 08:55:19 WARN api: login failed for user alice@example.com from 203.0.113.5: invalid password"
      - "deploy@10.0.0.4: Permission denied (publickey,password)."
    counterexamples:
      - "2026-11-30 08:55:19 INFO api: login succeeded for user alice@example.com from 203.0.113.5"
  - id: http-401-unauthorized
    title: A request was rejected as unauthenticated (HTTP 401)
    pattern: '(?i)\bHTTP/\d(?:\.\d)?" 401 |\b401 Unauthorized\b|\b(?:status|status[_ ]?code|http[_ ]status)["'']?\s{0,2}[=:]\s{0,2}["'']?401\b'
    severity: medium
    tags: [http, auth]
    examples:
      - '10.0.0.7 - - [30/Nov/2026:08:55:19 +0000] "GET /v1/orders HTTP/1.1" 401 72 "-" "okhttp/4.12.0"'
      - "2026-11-30 08:55:19 ERROR client: GET https://api.example.com/v1/orders: 401 Unauthorized"
      - 'level=warn msg="request rejected" method=GET path=/v1/orders status=401 duration=3ms'
    counterexamples:
      - '10.0.0.7 - - [30/Nov/2026:08:55:19 +0000] "GET /v1/orders HTTP/1.1" 200 5123 "-" "okhttp/4.12.0"'
  - id: authorization-denied
    title: A request was denied for lack of permission (HTTP 403)
    pattern: '(?i)\bHTTP/\d(?:\.\d)?" 403 |\b403 Forbidden\b|\b(?:status|status[_ ]?code|http[_ ]status)["'']?\s{0,2}[=:]\s{0,2}["'']?403\b|\bAccessDenied(?:Exception)?\b|\bnot authorized to perform\b|\binsufficient (?:privileges|permissions|scope)\b|\bPERMISSION_DENIED\b|\bauthorization (?:denied|failed)\b|\baccess (?:is )?denied\b'
    severity: medium
    tags: [http, auth]
    examples:
      - '10.0.0.7 - - [30/Nov/2026:08:55:19 +0000] "DELETE /v1/orders/42 HTTP/1.1" 403 91 "-" "curl/8.5.0"'
      - "2026-11-30 08:55:19 ERROR s3: An error occurred (AccessDenied) when calling the PutObject operation: Access Denied"
      - "2026-11-30 08:55:19 ERROR deploy: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:PutImage on resource: arn:aws:ecr:eu-west-1:123456789012:repository/api"
      - "rpc error: code = PermissionDenied desc = insufficient permissions to read secret prod/db"
    counterexamples:
      - '10.0.0.7 - - [30/Nov/2026:08:55:19 +0000] "DELETE /v1/orders/42 HTTP/1.1" 204 0 "-" "curl/8.5.0"'

  # --- HTTP
  - id: rate-limited
    title: Requests were rate limited (HTTP 429)
    pattern: '(?i)\bHTTP/\d(?:\.\d)?" 429 |\btoo many requests\b|\brate[- ]limit(?:ed| exceeded| reached)\b|\brate exceeded\b|\bThrottlingException\b|\b(?:status|status[_ ]?code|http[_ ]status)["'']?\s{0,2}[=:]\s{0,2}["'']?429\b'
    severity: medium
    tags: [http]
    examples:
      - '10.0.0.7 - - [30/Nov/2026:08:55:19 +0000] "POST /v1/search HTTP/1.1" 429 0 "-" "python-requests/2.32.3"'
      - "2026-11-30 08:55:19 WARN client: POST https://api.example.com/v1/search: 429 Too Many Requests (retry after 30s)"
      - "2026-11-30 08:55:19 WARN limiter: client 203.0.113.5 rate limited on /v1/search (100 req/min)"
      - "botocore.exceptions.ClientError: An error occurred (ThrottlingException) when calling the PutMetricData operation: Rate exceeded"
    counterexamples:
      - "2026-11-30 08:55:19 INFO limiter: rate limit for /v1/search set to 100 requests per minute"
  - id: http-5xx-access-log
    title: A server answered with a 5xx status (access log)
    pattern: '\bHTTP/\d(?:\.\d)?" (?<status>5\d\d) '
    severity: high
    tags: [http]
    split-by: [status]
    examples:
      - '10.0.0.7 - - [30/Nov/2026:08:55:19 +0000] "GET /v1/orders HTTP/1.1" 502 157 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)"'
      - '203.0.113.5 - alice [30/Nov/2026:08:55:20 +0000] "POST /v1/checkout HTTP/2.0" 503 0 "https://shop.example.com/cart" "curl/8.5.0"'
      - '10.0.0.8 - - [30/Nov/2026:08:55:21 +0000] "GET /v1/reports/monthly HTTP/1.1" 504 167 "-" "Go-http-client/1.1"'
    counterexamples:
      - '10.0.0.7 - - [30/Nov/2026:08:55:19 +0000] "GET /v1/orders HTTP/1.1" 200 5123 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)"'
  - id: http-5xx-message
    title: A server answered with a 5xx status
    pattern: '(?i)\b(?<status>5\d\d) (?:Internal Server Error|Bad Gateway|Service (?:Temporarily )?Unavailable|Gateway Time-?out|Not Implemented|HTTP Version Not Supported|Insufficient Storage|Loop Detected|Network Authentication Required)\b'
    severity: high
    tags: [http]
    split-by: [status]
    examples:
      - "2026-11-30 08:55:19 ERROR client: GET https://api.example.com/v1/orders: 503 Service Unavailable"
      - "2026-11-30 08:55:19 DEBUG http: < HTTP/1.1 500 Internal Server Error"
      - "2026-11-30 08:55:19 ERROR proxy: upstream answered 504 Gateway Time-out for /v1/reports"
    counterexamples:
      - "2026-11-30 08:55:19 DEBUG http: < HTTP/1.1 200 OK"
  - id: http-5xx-status-field
    title: A request failed with a 5xx status
    pattern: '(?i)\b(?:status|status[_ ]?code|http[_ ]status|response[_ ]code|HTTP)["'']?\s{0,2}[=: ]\s{0,2}["'']?(?<status>5\d\d)\b'
    severity: high
    tags: [http]
    split-by: [status]
    examples:
      - 'level=error msg="upstream failed" method=GET path=/v1/orders status=503 duration=2.3s'
      - '{"level":"error","time":"2026-11-30T08:55:19Z","msg":"request failed","path":"/v1/pay","status":500}'
      - "2026-11-30 08:55:19 ERROR client: Request failed with status code 502"
      - "2026-11-30 08:55:19 ERROR sync: received HTTP 503 from https://api.example.com/v1/items"
    counterexamples:
      - 'level=info msg="request served" method=GET path=/v1/orders status=200 duration=12ms'

  # --- resilience and timeouts
  - id: circuit-breaker-open
    title: A circuit breaker opened
    pattern: '(?i)\bcircuit[ -]?breaker\b.{0,80}?\b(?:open(?:ed)?|tripped)\b(?! to )|\bCallNotPermittedException\b|\bshort-circuited\b'
    severity: medium
    tags: [resilience]
    examples:
      - "2026-11-30 08:55:19 WARN payments: CircuitBreaker 'payments-api' is OPEN and does not permit further calls"
      - "2026-11-30 08:55:19 WARN gateway: circuit breaker opened for upstream inventory after 20 consecutive failures"
      - "2026-11-30 08:55:19 WARN payments: CircuitBreaker 'payments-api' changed state from CLOSED to OPEN"
    counterexamples:
      - "2026-11-30 08:55:19 INFO gateway: circuit breaker closed for upstream inventory; traffic restored"
      - "2026-11-30 08:55:19 INFO payments: CircuitBreaker 'payments-api' changed state from OPEN to CLOSED"
  - id: health-check-failed
    title: A health check or probe failed
    pattern: '(?i)\bhealth[ -]?checks? (?:has )?(?:failed|failing|failure|timed out)\b|\b(?:liveness|readiness|startup) probe failed\b|\b(?:is|marked|became|now|as) unhealthy\b'
    severity: medium
    tags: [service, health]
    examples:
      - 'Warning  Unhealthy  pod/api-7d9f8c6b5-x2x4q  Readiness probe failed: Get "http://10.244.1.17:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
      - "2026-11-30 08:55:19 WARN lb: target 10.0.0.12:8080 marked unhealthy after 3 failed health checks"
      - "2026-11-30 08:55:19 ERROR monitor: health check failed for service orders: no response"
    counterexamples:
      - "2026-11-30 08:55:19 INFO lb: target 10.0.0.12:8080 marked healthy after 2 passed health checks"
  - id: deadline-exceeded
    title: An operation ran past its deadline
    pattern: '(?i)\bdeadline[ _]?exceeded\b'
    severity: medium
    tags: [timeout]
    examples:
      - "2026-11-30 08:55:19 ERROR orders: rpc error: code = DeadlineExceeded desc = context deadline exceeded"
      - 'Get "http://inventory:8080/v1/stock": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
      - 'grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with: status = StatusCode.DEADLINE_EXCEEDED details = "Deadline Exceeded">'
    counterexamples:
      - "2026-11-30 08:55:19 DEBUG orders: rpc GetStock finished in 35ms (deadline 2s)"
  - id: timeout
    title: An operation timed out
    pattern: '(?i)\btimed out\b|\btime-?out (?:exceeded|expired|occurred|reached|error)\b|Timeout(?:Exception|Error)\b|\bgateway time-?out\b'
    severity: medium
    tags: [timeout]
    examples:
      - "Caused by: java.net.SocketTimeoutException: Read timed out"
      - "2026-11-30 08:55:19 ERROR worker: job 42 timed out after 300s"
      - "asyncio.exceptions.TimeoutError"
      - 'Get "https://inventory:8443/v1/stock": net/http: request canceled (Client.Timeout exceeded while awaiting headers)'
      - "2026-11-30 08:55:19 ERROR client: GET https://api.example.com/v1/reports failed: Gateway Timeout"
    counterexamples:
      - "2026-11-30 08:55:19 INFO client: request completed in 120ms (timeout 30s)"
  - id: retry-exhausted
    title: An operation failed after all retries
    pattern: '(?i)\b(?:retries|retry attempts|attempts) (?:exhausted|exceeded)\b|\bmax(?:imum)? (?:number of )?retr(?:ies|y attempts?|y count) (?:exceeded|reached|exhausted)\b|\bgiving up after \d{1,6} (?:attempts|retries|tries)\b|\bRetriesExhausted\w{0,20}\b|\bexceeded (?:the )?max(?:imum)? (?:number of )?retr(?:ies|y)\b|\bretry limit (?:exceeded|reached)\b'
    severity: medium
    tags: [resilience]
    examples:
      - "2026-11-30 08:55:19 ERROR sync: giving up after 5 attempts: upstream returned errors"
      - "requests.exceptions.RetryError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v1/items (Caused by ResponseError('too many 500 error responses'))"
      - "2026-11-30 08:55:19 ERROR mailer: retries exhausted for message 7f3a2c1b (5/5)"
    counterexamples:
      - "2026-11-30 08:55:19 INFO sync: request succeeded after 2 retries"
  - id: queue-full
    title: A queue or buffer is full and work is rejected or dropped
    pattern: '(?i)\bqueue (?:is )?full\b|\b(?:queue|buffer) (?:capacity )?(?:overflow(?:ed)?|exceeded)\b|\bbuffer (?:is )?full\b|\bapplying back-?pressure\b|\bRejectedExecutionException\b|\bdropp(?:ed|ing) (?:\d{1,12} )?(?:events|messages|logs|spans|metrics|records|packets)\b|\btable full, dropping packet\b|\b(?:thread|worker) pool (?:is )?(?:exhausted|saturated)\b'
    severity: medium
    tags: [resources, backpressure]
    examples:
      - "2026-11-30 08:55:19 WARN exporter: queue is full, dropping 512 spans"
      - "java.util.concurrent.RejectedExecutionException: Task com.example.Job@1a2b3c rejected from java.util.concurrent.ThreadPoolExecutor@4d5e6f[Running, pool size = 200, active threads = 200, queued tasks = 10000, completed tasks = 123456]"
      - "Nov 30 08:55:19 lb-1 kernel: nf_conntrack: nf_conntrack: table full, dropping packet"
      - "2026-11-30 08:55:19 WARN ingest: applying backpressure, 10000 writes pending"
    counterexamples:
      - "2026-11-30 08:55:19 INFO exporter: queue depth 12/10000, 0 dropped"

  # --- service lifecycle
  - id: systemd-unit-failed
    title: A systemd unit failed
    pattern: '(?<unit>[\w@.\\-]{1,120}\.(?:service|socket|mount|timer|scope)): (?:Failed with result|Main process exited, code=(?:killed|dumped|exited, status=[1-9]))'
    severity: high
    tags: [service, systemd]
    split-by: [unit]
    examples:
      - "Nov 30 08:55:19 web-3 systemd[1]: orders-api.service: Main process exited, code=exited, status=1/FAILURE"
      - "Nov 30 08:55:19 web-3 systemd[1]: orders-api.service: Failed with result 'exit-code'."
      - "Nov 30 08:55:19 web-3 systemd[1]: backup.service: Main process exited, code=killed, status=9/KILL"
    counterexamples:
      - "Nov 30 08:55:19 web-3 systemd[1]: orders-api.service: Main process exited, code=exited, status=0/SUCCESS"
      - "Nov 30 08:55:19 web-3 systemd[1]: orders-api.service: Deactivated successfully."
  - id: service-failed-to-start
    title: A service failed to start
    pattern: '(?i)\bfailed to start\b|\b(?:could not|unable to|cannot) start (?:the )?(?:service|server|daemon|application)\b|\bJob for \S{1,120} failed\b'
    severity: high
    tags: [service]
    examples:
      - "Nov 30 08:55:19 web-3 systemd[1]: Failed to start Orders API service."
      - "Job for orders-api.service failed because the control process exited with error code."
      - "2026-11-30 08:55:19 FATAL main: failed to start server: missing TLS key file"
    counterexamples:
      - "Nov 30 08:55:19 web-3 systemd[1]: Started Orders API service."
  - id: restart-loop
    title: A service keeps being restarted
    pattern: '(?i)\bstart request repeated too quickly\b|\bscheduled restart job\b|\brestart counter is at \d{1,6}\b|\brestarting too (?:often|quickly|fast)\b'
    severity: medium
    tags: [service]
    examples:
      - "Nov 30 08:55:19 web-3 systemd[1]: orders-api.service: Scheduled restart job, restart counter is at 5."
      - "Nov 30 08:55:19 web-3 systemd[1]: orders-api.service: Start request repeated too quickly."
    counterexamples:
      - "Nov 30 08:55:19 web-3 systemd[1]: orders-api.service: Consumed 1.234s CPU time."
  - id: process-exited-nonzero
    title: A process exited with a non-zero status
    pattern: '(?i)\b(?:exit(?:ed)?|terminated|finished|returned|failed)(?: with)?(?: a)?(?: non-?zero)? (?:exit )?(?:status|code)[ =:]{1,3}(?!0\b)(?<code>-?\d{1,3})\b'
    severity: high
    tags: [service, process]
    split-by: [code]
    examples:
      - "2026-11-30 08:55:19 ERROR runner: command '/usr/local/bin/backup.sh' returned non-zero exit status 2."
      - "2026-11-30 08:55:19 WARN supervisor: worker[3] exited with status 1"
      - "2026-11-30 08:55:19 ERROR ci: step build failed with exit code 137"
    counterexamples:
      - "2026-11-30 08:55:19 INFO supervisor: worker[3] exited with status 0"
  - id: service-restarted
    title: A service or worker was restarted
    pattern: '(?i)\b(?:service|server|daemon|process|worker|application|container) (?:\S{1,64} )?(?:was |has been )?restarted\b|\brestarting (?:service|server|daemon|process|worker|application|container)\b'
    severity: info
    tags: [service]
    examples:
      - "2026-11-30 08:55:19 INFO supervisor: worker 3 restarted (pid 4243)"
      - "2026-11-30 08:55:19 INFO deploy: restarting service orders-api for config change"
      - "2026-11-30 08:55:19 INFO watchdog: service orders-api was restarted after upgrade"
    counterexamples:
      - "2026-11-30 08:55:19 INFO deploy: restart of orders-api scheduled for 02:00"

  # --- crashes and stack traces
  - id: assertion-failed
    title: An assertion failed
    pattern: '(?i)\bassertion (?:`[^`]{0,200}'' )?failed\b|\bAssertionError\b|\bassert(?:ion)? failure\b'
    severity: high
    tags: [crash]
    examples:
      - "worker: src/ring.c:214: ring_push: Assertion `len <= cap' failed."
      - 'Exception in thread "main" java.lang.AssertionError: expected 3 but was 2'
      - "2026-11-30 08:55:19 ERROR tests: AssertionError: expected 3 items, got 2"
      - "Assertion failed: (n > 0), function resize, file buffer.c, line 88."
    counterexamples:
      - "2026-11-30 08:55:19 INFO tests: 212 assertions passed, 0 failed"
  - id: go-fatal-error
    title: The Go runtime stopped with a fatal error
    pattern: '\bfatal error: (?:concurrent map (?:writes|read and map write|iteration and map write)|all goroutines are asleep|unexpected signal|sync: (?:unlock of unlocked mutex|negative WaitGroup counter)|runtime: )'
    severity: high
    tags: [crash, go]
    examples:
      - "fatal error: concurrent map writes"
      - "fatal error: all goroutines are asleep - deadlock!"
      - "fatal error: unexpected signal during runtime execution"
    counterexamples:
      - "2026-11-30 08:55:19 ERROR api: non-fatal error: cache miss for key user:42"
  - id: go-panic
    title: A Go program panicked
    pattern: '\bpanic: \S|\bgoroutine \d{1,9} \[running\]:'
    severity: high
    tags: [crash, go]
    examples:
      - "panic: runtime error: invalid memory address or nil pointer dereference"
      - "2026-11-30T08:55:19.123Z stderr F panic: assignment to entry in nil map"
      - "goroutine 1 [running]:"
    counterexamples:
      - "2026-11-30 08:55:19 ERROR http: recovered from panic in handler /v1/orders, returning 500"
  - id: rust-panic
    title: A Rust thread panicked
    pattern: '\bthread ''[^'']{0,100}'' panicked at\b'
    severity: high
    tags: [crash, rust]
    examples:
      - "thread 'main' panicked at src/main.rs:42:18:"
      - 'thread ''tokio-runtime-worker'' panicked at ''called `Result::unwrap()` on an `Err` value: Os { code: 2, kind: NotFound, message: "No such file or directory" }'', src/config.rs:17:38'
    counterexamples:
      - "2026-11-30 08:55:19 INFO thread 'tokio-runtime-worker' finished in 20ms"
  - id: swift-fatal-error
    title: A Swift program stopped with a fatal error
    pattern: '\.swift:\d{1,6}: Fatal error\b|\bFatal error: [^\n]{0,300}?: file [^\n,]{1,300}\.swift, line \d{1,6}|\bFatal error: Unexpectedly found nil'
    severity: high
    tags: [crash, swift]
    examples:
      - "Swift/ContiguousArrayBuffer.swift:600: Fatal error: Index out of range"
      - "Fatal error: Unexpectedly found nil while unwrapping an Optional value: file App/OrderStore.swift, line 88"
      - "2026-11-30T08:55:19.123Z stderr F OrderService/main.swift:12: Fatal error: Unexpectedly found nil while implicitly unwrapping an Optional value"
    counterexamples:
      - "2026-11-30 08:55:19 INFO build: compiled OrderStore.swift (0 errors, 0 fatal errors)"
  - id: node-unhandled-rejection
    title: A promise rejection was not handled
    pattern: '(?i)\bunhandled ?(?:promise ?)?rejection'
    severity: high
    tags: [crash, node]
    examples:
      - "(node:4242) UnhandledPromiseRejectionWarning: TypeError: Cannot read properties of undefined (reading 'id')"
      - '[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "invalid order state".] {'
      - "2026-11-30 08:55:19 ERROR Unhandled rejection at: Promise { <pending> } reason: Error: order not found"
    counterexamples:
      - "2026-11-30 08:55:19 DEBUG promise rejection handled by retry middleware"
  - id: uncaught-exception
    title: An exception was not caught
    pattern: '(?i)\b(?:uncaught|unhandled) ?exception\b|\buncaught (?:TypeError|ReferenceError|RangeError|SyntaxError|Error)\b'
    severity: high
    tags: [crash]
    examples:
      - "Unhandled exception. System.InvalidOperationException: Sequence contains no elements"
      - "2026-11-30T08:55:19.123Z ERROR uncaughtException: TypeError: Cannot read properties of undefined (reading 'total')"
      - "Uncaught TypeError: Cannot read properties of null (reading 'addEventListener')"
      - "PHP Fatal error:  Uncaught Error: Call to undefined function mb_strlen() in /var/www/html/index.php:12"
    counterexamples:
      - "2026-11-30 08:55:19 INFO app: registered handler for uncaught errors"
  - id: java-exception-in-thread
    title: A Java thread died with an uncaught exception
    pattern: '\bException in thread "[^"]{0,120}" (?<exception>[\w$.]{1,200})'
    severity: high
    tags: [crash, jvm]
    split-by: [exception]
    examples:
      - 'Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null'
      - 'Exception in thread "pool-3-thread-7" java.lang.IllegalStateException: order 42 already shipped'
      - 'Exception in thread "worker-2" java.util.ConcurrentModificationException'
    counterexamples:
      - '2026-11-30 08:55:19,123 INFO [main] c.e.shop.Boot - Started thread "pool-3-thread-7" with exception handler LoggingHandler'
  - id: python-traceback
    title: A Python program raised an exception (traceback)
    pattern: '\bTraceback \(most recent call last\):'
    severity: high
    tags: [crash, python]
    examples:
      - "Traceback (most recent call last):"
      - "2026-11-30 08:55:19,123 ERROR [worker] Traceback (most recent call last):"
    counterexamples:
      - "2026-11-30 08:55:19,123 INFO [worker] traceback logging enabled (limit 20 frames)"
  - id: java-exception
    title: An exception was thrown (qualified exception class)
    pattern: '\b(?<exception>[A-Za-z][\w$.]{0,200}\.[A-Z][\w$]{0,80}(?:Exception|Error))\b'
    severity: high
    tags: [crash, jvm]
    split-by: [exception]
    examples:
      - "2026-11-30 08:55:19,123 ERROR [http-nio-8080-exec-7] c.e.shop.OrderController - Request failed: java.lang.IllegalArgumentException: quantity must be positive"
      - "Caused by: org.springframework.dao.DataIntegrityViolationException: could not execute statement; SQL [n/a]; constraint [orders_pkey]"
      - "System.InvalidOperationException: Sequence contains no elements"
    counterexamples:
      - "2026-11-30 08:55:19,123 INFO [main] c.e.shop.ErrorHandlerConfig - registered java.lang.Thread.UncaughtExceptionHandler"

  # --- configuration
  - id: config-error
    title: The configuration is invalid or could not be loaded
    pattern: '(?i)\b(?:invalid|malformed|missing|unknown) (?:configuration|config)\b|\bconfig(?:uration)? (?:error|is invalid|invalid|file not found|validation failed)\b|\b(?:failed|unable) to (?:load|parse|read) (?:the )?config(?:uration)?\b|\bmissing required (?:config(?:uration)?|setting|option|environment variable|env var)\b|\bunknown (?:configuration )?(?:option|directive|setting|key)\b|\bConfigurationException\b'
    severity: high
    tags: [config]
    examples:
      - "2026-11-30 08:55:19 FATAL main: failed to load config /etc/orders/config.yaml: yaml: line 12: did not find expected key"
      - "2026-11-30 08:55:19 ERROR app: invalid configuration: listen address must not be empty"
      - "2026-11-30 08:55:19 ERROR app: missing required environment variable DATABASE_URL"
      - 'Nov 30 08:55:19 web-3 proxyd[4242]: unknown directive "upstreams" in /etc/proxyd/proxyd.conf:14'
    counterexamples:
      - "2026-11-30 08:55:19 INFO main: loaded config /etc/orders/config.yaml (42 keys)"
"""#
}
