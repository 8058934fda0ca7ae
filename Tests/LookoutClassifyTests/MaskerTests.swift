import Testing
@testable import LookoutClassify

func shape(_ text: String) -> String {
    var bytes = Array(text.utf8)
    var out: [UInt8] = []
    bytes.withUnsafeMutableBytes { Masker.shape(of: UnsafeRawBufferPointer($0), into: &out) }
    return Masker.display(out)
}

/// One case per kind of variable the scanner masks.
@Test(arguments: [
    ("worker 42 started", "worker <*> started"),                                   // integer
    ("ratio 3.25 reached", "ratio <*> reached"),                                   // decimal
    ("offset -17 applied", "offset <*> applied"),                                  // signed
    ("code 0x7fffa3c0 at", "code <*> at"),                                         // hex with 0x
    ("hash deadbeefcafe ok", "hash <*> ok"),                                       // bare hex, 8+ digits
    ("from 10.1.2.3 port 22", "from <*> port <*>"),                                // IPv4
    ("peer 10.1.2.3:8080 closed", "peer <*>:<*> closed"),                          // IPv4 with port: two values
    ("peer [fe80::1ff:fe23:4567:890a]:443 closed", "peer [<*>]:<*> closed"),       // IPv6 with port
    ("id 123e4567-e89b-12d3-a456-426614174000 done", "id <*> done"),              // UUID
    ("mac 00:1A:2B:3C:4D:5E up", "mac <*> up"),                                    // MAC
    ("mac 00:1a:bb:3c:4d:5e up", "mac <*> up"),                                    // MAC with an all-letter group
    ("link fe80::abcd up", "link <*> up"),                                         // IPv6, compressed, a letter group
    ("listen on :::8080 now", "listen on :::<*> now"),                             // no variable before `::`: left as it is
    ("open /var/log/app/current failed", "open <*> failed"),                       // path
    ("fetch https://example.com/a?b=c failed", "fetch <*> failed"),               // URL
    ("read conf/app.yaml and cmp=com.example.app/.MainActivity", "read <*> and cmp=<*>"), // relative path, component name
    ("accepts application/json and and/or", "accepts application/json and and/or"), // a slash without a dot stays
    ("mail to ops@example.com bounced", "mail to <*> bounced"),                    // e-mail
    ("query took 1500ms", "query took <*>"),                                       // duration
    ("heap 3.5GiB of 4GiB", "heap <*> of <*>"),                                    // sizes
    ("at Sun Jul 10 03:55:15 2005 done", "at <*>:<*>:<*> done"),                   // embedded timestamp: its colons stay
    ("seen 2026-11-30T08:55:19Z here", "seen <*>:<*>:<*> here"),                   // embedded ISO time
    ("key a1:b2:c3 set", "key <*>:<*>:<*> set"),                                   // two colons, no `::`: not an address
    ("host db-1.example.com down", "host <*> down"),                               // host name
    ("uid=0 euid=0 tty=ssh", "uid=<*> euid=<*> tty=ssh"),                          // key=value
    ("connection from 1.2.3.4 () at x", "connection from <*> (<*>) at x"),         // empty brackets
    ("illegal instruction......0", "illegal instruction......<*>"),                // dot leaders
    ("overlap:false down TRUE", "overlap:<*> down <*>"),                           // booleans, any case
    ("trueness falsely", "trueness falsely"),                                      // words that only start like one
    ("ws=null, owner NULL", "ws=<*>, owner <*>"),                                 // null, any case
    ("nullable, nil and none", "nullable, nil and none"),                          // other words for nothing stay
    ("estimated size 16.0 B, free 2.1 GB", "estimated size <*>, free <*>"),       // a size and its unit apart
    ("heap 512 MiB left", "heap <*> left"),                                        // a binary unit
    ("plan B and KB base", "plan B and KB base"),                                  // a unit after no number stays
    ("sent 1190 bytes, lifetime <1 sec", "sent <*>, lifetime <*>"),                // a byte count, a time and their units
    ("took 250 ms, then 3 minutes", "took <*>, then <*>"),                        // units of time apart
    ("seconds elapsed", "seconds elapsed"),                                        // a unit alone stays
    ("day 27 second member", "day <*> second member"),                            // a unit that is also a word in the singular stays
    ("close, 1190 bytes (1.16 KB) sent", "close, <*> sent"),                      // an amount written again in brackets
    ("from 10.0.0.1 (db.example.com) at", "from <*> (<*>) at"),                   // a value and another in brackets: two
    ("cache 4096 (order: 2, 16384 bytes)", "cache <*> (order: <*>, <*>)"),        // no unit before the bracket: it stays
    ("from 10.0.0.1,10.0.0.2 GET", "from <*> GET"),                               // a glued list of values
    ("got 1, 2 and a,b", "got <*>, <*> and a,b"),                                  // a comma with a space, or between words, stays
    ("java.lang.IllegalStateException: boom", "java.lang.IllegalStateException: boom"), // class names stay
    ("May the fourth", "May the fourth"),                                          // a month name alone stays
    ("link up on eth0 via ssh2", "link up on eth<*> via ssh<*>"),                  // a name numbered by one digit keeps its letters
    ("host bglio91 and x7 and a1:b2", "host <*> and <*> and <*>:<*>"),            // two digits, one letter: values
    ("addr 2001:db8::1 and fe80::abc1 up", "addr <*> and <*> up"),                 // hex groups like a numbered name, in an IPv6 address
    ("peer 64:ff9b::10.0.0.1 ok", "peer <*> ok"),                                  // an IPv4 address at an IPv6 address's end
    ("in Brcm43xx::platformWoWEnable: on", "in <*>::platformWoWEnable: on"),       // a C++ name is no address
    ("cp /lib/a.jar:/lib/b.jar:/lib/c.jar:/x.jar", "cp <*>"),                      // a list glued by colons
    ("sent 10 bytes () ok", "sent <*> (<*>) ok"),                                  // empty brackets after an amount stay
    ("got 5 B\u{0} x", "got <*> B\u{0} x"),                                       // a unit is the whole word
])
func masksEachKindOfVariable(text: String, expected: String) {
    #expect(shape(text) == expected)
}

@Test func userMasksComeFirst() {
    var bytes = Array("order ORD-ab12cd34 shipped".utf8)
    var out: [UInt8] = []
    bytes.withUnsafeMutableBytes { Masker.shape(of: UnsafeRawBufferPointer($0), masked: [6..<18], into: &out) }
    #expect(Masker.display(out) == "order <*> shipped")
}

/// A word cut short by a user mask is judged by the part before the mask alone: `abc` of
/// `abcd7` is a word (the digit lies under the mask), `mail.example.com` of
/// `mail.example.comXYZ` a host name.
@Test func aWordCutByAUserMaskIsJudgedByItsOwnPart() {
    func masked(_ text: String, _ range: Range<Int>) -> String {
        var bytes = Array(text.utf8)
        var out: [UInt8] = []
        bytes.withUnsafeMutableBytes { Masker.shape(of: UnsafeRawBufferPointer($0), masked: [range], into: &out) }
        return Masker.display(out)
    }
    #expect(masked("tag abcd7 ok", 7..<9) == "tag abc<*> ok")
    #expect(masked("host mail.example.comXYZ up", 21..<24) == "host <*> up")
}

@Test func whiteSpaceRunsDoNotChangeTheShape() {
    #expect(shape("a  b\tc ") == shape("a b c"))
}
