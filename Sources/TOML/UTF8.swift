// Up-front validation, so the rest of the parser can treat the input as well-formed UTF-8.

/// Offset and reason of the first invalid UTF-8 sequence or NUL byte, or nil.
func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, message: String)? {
    let n = bytes.count
    var i = 0
    while i < n {
        let b = bytes[i]
        if b < 0x80 {
            if b == 0 { return (i, "control character U+0000 not allowed") }
            i += 1
            continue
        }
        let need: Int
        var scalar: UInt32
        if b & 0xE0 == 0xC0 {
            need = 1
            scalar = UInt32(b & 0x1F)
        } else if b & 0xF0 == 0xE0 {
            need = 2
            scalar = UInt32(b & 0x0F)
        } else if b & 0xF8 == 0xF0 {
            need = 3
            scalar = UInt32(b & 0x07)
        } else {
            return (i, "invalid UTF-8 byte 0x\(String(b, radix: 16, uppercase: true))")
        }
        guard i + need < n else { return (i, "truncated UTF-8 sequence") }
        for k in 1...need {
            let c = bytes[i + k]
            guard c & 0xC0 == 0x80 else { return (i, "invalid UTF-8 sequence") }
            scalar = scalar << 6 | UInt32(c & 0x3F)
        }
        let minimum: UInt32 = need == 1 ? 0x80 : need == 2 ? 0x800 : 0x10000
        if scalar < minimum { return (i, "overlong UTF-8 sequence") }
        if scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
            return (i, "invalid UTF-8: U+\(String(scalar, radix: 16, uppercase: true)) is not a unicode scalar value")
        }
        i += need + 1
    }
    return nil
}
