import Testing
import LookoutCore
@testable import LookoutEvents

/// Parses `line` and returns (time as RFC 3339 with year fallback 2026, level name, body).
func header(_ line: String, fallbackYear: Int = 2026) -> (time: String?, level: String?, body: String) {
    var bytes = Array(line.utf8)
    return bytes.withUnsafeMutableBytes { raw in
        let b = UnsafeRawBufferPointer(raw)
        let h = HeaderParser.parse(b)
        let body = String(decoding: b[h.bodyStart...], as: UTF8.self)
        return (h.time?.resolved(year: fallbackYear)?.rfc3339, h.level?.name, body)
    }
}

/// One case per header shape: the seven Loghub systems (lines written here in their
/// shape, not copied), the other common formats of SPEC §2, and a few Loghub systems
/// that are not in ../shared, to keep the rules general.
struct HeaderCase: CustomTestStringConvertible, Sendable {
    var line: String
    var time: String?
    var level: String?
    var body: String
    var testDescription: String { line }
}

let headerCases: [HeaderCase] = [
    // Apache error log (ctime in brackets, bracketed level)
    .init(line: "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties",
          time: "2005-12-04T04:47:44Z", level: "notice", body: "workerEnv.init() ok /etc/httpd/conf/workers2.properties"),
    .init(line: "[Sun Dec 04 05:15:09 2005] [error] [client 10.0.0.7] Directory index forbidden by rule: /var/www/html/",
          time: "2005-12-04T05:15:09Z", level: "error", body: "[client 10.0.0.7] Directory index forbidden by rule: /var/www/html/"),
    // Apache 2.4 with microseconds and module:level
    .init(line: "[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] AH00124: Request exceeded the limit",
          time: "2000-10-11T14:32:52.123Z", level: "error", body: "[pid 35708:tid 4328636416] AH00124: Request exceeded the limit"),
    // BGL: label, epoch seconds, node names, level after RAS component
    .init(line: "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected",
          time: "2005-06-03T22:42:50Z", level: "info", body: "instruction cache parity error corrected"),
    .init(line: "APPREAD 1117869872 2005.06.04 R04-M1-N4-I:J18-U11 2005-06-04-00.24.32.432192 R04-M1-N4-I:J18-U11 RAS APP FATAL ciod: failed to read message prefix",
          time: "2005-06-04T07:24:32Z", level: "critical", body: "ciod: failed to read message prefix"),
    // HDFS: yymmdd hhmmss pid LEVEL component:
    .init(line: "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_3886 terminating",
          time: "2008-11-09T20:36:15Z", level: "info", body: "PacketResponder 1 for block blk_3886 terminating"),
    // HealthApp: unpadded fields, `|`-separated component and pid
    .init(line: "20171224-0:0:0:215|Step_LSC|30002312|processHandleBroadcastAction action:android.intent.action.TIME_TICK",
          time: "2017-12-24T00:00:00.215Z", level: nil, body: "processHandleBroadcastAction action:android.intent.action.TIME_TICK"),
    .init(line: "20171223-22:15:29:606|Step_LSC|30002312|onExtend|14|0|4",
          time: "2017-12-23T22:15:29.606Z", level: nil, body: "onExtend|14|0|4"),
    // Linux and OpenSSH: RFC 3164 without year, host, tag[pid]:
    .init(line: "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0",
          time: "2026-06-14T15:16:01Z", level: nil, body: "authentication failure; logname= uid=0 euid=0"),
    .init(line: "Dec 10 06:55:46 LabSZ sshd[24200]: error: Received disconnect from 10.1.2.3: 11: Bye Bye [preauth]",
          time: "2026-12-10T06:55:46Z", level: nil, body: "error: Received disconnect from 10.1.2.3: 11: Bye Bye [preauth]"),
    .init(line: "Jul  1 09:00:55 calvisitor-10-105 kernel[0]: IOThunderboltSwitch<0>(0x0)::listenerCallback - packet",
          time: "2026-07-01T09:00:55Z", level: nil, body: "IOThunderboltSwitch<0>(0x0)::listenerCallback - packet"),
    // Zookeeper: ISO with comma millis, ` - LEVEL [thread] - `
    .init(line: "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200",
          time: "2015-07-29T17:41:44.747Z", level: "info", body: "Notification time out: 3200"),
    .init(line: "2015-08-07 07:27:47,425 - WARN  [WorkerReceiver[myid=1]:FastLeaderElection@542] - Notification: 3 (n.leader)",
          time: "2015-08-07T07:27:47.425Z", level: "warning", body: "Notification: 3 (n.leader)"),
    // RFC 3339 / RFC 5424 / RFC 3164 with priority
    .init(line: "2026-11-30T08:55:19.123+01:00 ERROR payment failed", time: "2026-11-30T07:55:19.123Z", level: "error", body: "payment failed"),
    .init(line: "<165>1 2026-11-30T08:55:19Z host app 42 ID47 - connection reset", time: "2026-11-30T08:55:19Z", level: "notice", body: "connection reset"),
    .init(line: "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
          time: "2026-10-11T22:14:15Z", level: "critical", body: "'su root' failed for lonvick on /dev/pts/8"),
    // Apache/nginx access log
    .init(line: "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326",
          time: "2000-10-10T20:55:36Z", level: nil, body: "\"GET /apache_pb.gif HTTP/1.0\" 200 2326"),
    // log4j / logback
    .init(line: "2026-11-30 08:55:19,123 [main] ERROR com.example.Checkout - card declined",
          time: "2026-11-30T08:55:19.123Z", level: "error", body: "card declined"),
    .init(line: "2026-11-30 08:55:19.123 WARN  com.example.Checkout - retrying", time: "2026-11-30T08:55:19.123Z", level: "warning", body: "retrying"),
    .init(line: "2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application",
          time: "2015-10-18T18:01:47.978Z", level: "info", body: "Created MRAppMaster for application"),
    // a thread name of 200 bytes (a streamer's file path and block id): still header
    .init(line: "2026-11-30 08:55:19,024 WARN [DataStreamer for file /data/staging/" + String(repeating: "spool/", count: 20)
              + "job_42_0001.jhist block BP-1234-10.0.0.1-1444972147527:blk_1073743512_2731] org.example.ipc.Client: Address change detected",
          time: "2026-11-30T08:55:19.024Z", level: "warning", body: "Address change detected"),
    // glog / klog
    .init(line: "E1130 08:55:19.123456   12345 server.go:123] failed to sync pod", time: "2026-11-30T08:55:19.123Z", level: "error", body: "failed to sync pod"),
    // epoch seconds and milliseconds
    .init(line: "1764492919 disk almost full", time: "2025-11-30T08:55:19Z", level: nil, body: "disk almost full"),
    .init(line: "1764492919123 WARN disk almost full", time: "2025-11-30T08:55:19.123Z", level: "warning", body: "disk almost full"),
    // Spark two-digit year, Android month-day, Proxifier bracketed month-day
    .init(line: "17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]",
          time: "2017-06-09T20:10:40Z", level: "info", body: "Registered signal handlers for [TERM, HUP, INT]"),
    .init(line: "03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs:reason=timeout",
          time: "2026-03-17T16:13:38.811Z", level: "debug", body: "printFreezingDisplayLogs:reason=timeout"),
    .init(line: "[10.30 16:49:06] chrome.exe - proxy.example.org:5070 open through proxy proxy.example.org:5070 HTTPS",
          time: "2026-10-30T16:49:06Z", level: nil, body: "proxy.example.org:5070 open through proxy proxy.example.org:5070 HTTPS"),
    // Thunderbird: label, epoch, then a syslog header
    .init(line: "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root",
          time: "2005-11-09T20:01:01Z", level: nil, body: "session closed for user root"),
    // OpenStack: a file name first, then ISO, pid, level, logger, request context
    .init(line: "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b - - -] 10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200",
          time: "2017-05-16T00:00:00.008Z", level: "info", body: "10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200"),
    // HPC: a record number, node, component and state, then epoch seconds and a flag; the
    // fields read like words (`node status`), but a line that starts with a number is a record
    .init(line: "2286759 node-D1 node status 1060340885 -1 running",
          time: "2003-08-08T11:08:05Z", level: nil, body: "running"),
    .init(line: "218536 full partition status 1117131308 1 ServerFileSystem: domain root26_local is full",
          time: "2005-05-26T18:15:08Z", level: nil, body: "domain root26_local is full"),
    // running text with a number in it: no record, no time read out of the message; nor
    // when the message starts with a count, unless a numeric field follows the time
    .init(line: "retry queue holds 1117131308 bytes", time: nil, level: nil, body: "retry queue holds 1117131308 bytes"),
    .init(line: "3 retry queue holds 1117131308 bytes", time: nil, level: nil, body: "3 retry queue holds 1117131308 bytes"),
    .init(line: "3 files deleted at 2024-01-01 10:00:00 by cron", time: nil, level: nil, body: "3 files deleted at 2024-01-01 10:00:00 by cron"),
    .init(line: "1 error found in build 1700000000", time: nil, level: nil, body: "1 error found in build 1700000000"),
    // logfmt
    .init(line: "time=2026-11-30T08:55:19Z level=warn msg=\"slow query\" duration=3.2s",
          time: "2026-11-30T08:55:19Z", level: "warning", body: "msg=\"slow query\" duration=3.2s"),
    // Python logging's default format: no timestamp
    .init(line: "ERROR:root:cannot connect to db", time: nil, level: "error", body: "cannot connect to db"),
    // A line that is only a level word keeps it as its message (else `warning` and
    // `critical` alone would be one empty message)
    .init(line: "warning", time: nil, level: "warning", body: "warning"),
    .init(line: "2026-11-30 08:55:19 ERROR", time: "2026-11-30T08:55:19Z", level: "error", body: "ERROR"),
    // No header at all: the whole line is the body, no level is invented from running text
    .init(line: "the job failed with ERROR code 5", time: nil, level: nil, body: "the job failed with ERROR code 5"),
    .init(line: "2026-11-30 08:55:19 connection to db failed with error 5", time: "2026-11-30T08:55:19Z", level: nil, body: "connection to db failed with error 5"),
]

@Test(arguments: headerCases)
func headerShapes(_ c: HeaderCase) {
    let h = header(c.line)
    #expect(h.time == c.time)
    #expect(h.level == c.level)
    #expect(h.body == c.body)
}

@Test func invalidDatesAreNotTimestamps() {
    #expect(header("2026-13-40 25:61:00 not a time").time == nil)
    #expect(header("Feb 30 10:00:00 host x: y").time == nil)   // no such day, in any year
    #expect(header("123456 654321 digits that look like HDFS").time == nil)  // month 34
    #expect(header("9999999999 too far in the future").time == nil)
}

@Test func headerParsingIsBoundedOnHostileLines() {
    // A very long line of brackets and digits: the header window bounds the work.
    let hostile = String(repeating: "[", count: 100_000) + String(repeating: "1", count: 100_000)
    let h = header(hostile)
    #expect(h.time == nil)
    let weird = String(repeating: "Jan 1 ", count: 10_000)
    _ = header(weird)
}
