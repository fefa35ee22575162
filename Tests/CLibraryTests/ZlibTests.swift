// The zlib system-library target links and its shim works: gzip written through it is read
// back by the real `gzip` and by zlib's own inflate.
import CZlib
import Foundation
import Testing
import TestSupport

/// Compresses `input` in one call with the given windowBits (15 + 16 writes gzip).
func deflate(_ input: [UInt8], windowBits: Int32) throws -> [UInt8] {
    var stream = z_stream()
    guard czlib_deflate_init2(&stream, 6, windowBits, 8) == Z_OK else { throw ZlibFailure.initialization }
    defer { deflateEnd(&stream) }
    let capacity = Int(deflateBound(&stream, uLong(input.count))) + 32
    return try finish(&stream, input, capacity: capacity) { CZlib.deflate($0, Z_FINISH) }
}

/// Decompresses zlib or gzip (windowBits 15 + 32 detects which).
func inflate(_ input: [UInt8], expectedSize: Int) throws -> [UInt8] {
    var stream = z_stream()
    guard czlib_inflate_init2(&stream, 15 + 32) == Z_OK else { throw ZlibFailure.initialization }
    defer { inflateEnd(&stream) }
    return try finish(&stream, input, capacity: expectedSize + 1) { CZlib.inflate($0, Z_FINISH) }
}

/// Runs one Z_FINISH step of `step` over all of `input` into a buffer of `capacity` bytes.
private func finish(_ stream: inout z_stream, _ input: [UInt8], capacity: Int,
                    _ step: (UnsafeMutablePointer<z_stream>) -> Int32) throws -> [UInt8] {
    var input = input
    var output = [UInt8](repeating: 0, count: capacity)
    let status = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            stream.next_out = outBuffer.baseAddress
            stream.avail_out = uInt(outBuffer.count)
            return step(&stream)
        }
    }
    guard status == Z_STREAM_END else { throw ZlibFailure.status(status) }
    return Array(output.prefix(Int(stream.total_out)))
}

enum ZlibFailure: Error { case initialization, status(Int32) }

@Test func gzipRoundTripsAndTheGzipToolReadsIt() throws {
    let csv = (0..<5000).map { "check-\($0 % 37),2026-12-04T00:00:\($0 % 60)Z,ok,0.0\($0 % 10)\n" }.joined()
    let original = Array(csv.utf8)
    let compressed = try deflate(original, windowBits: 15 + 16)
    #expect(compressed.count < original.count / 4, "CSV compresses well: \(compressed.count) of \(original.count)")
    #expect(Array(compressed.prefix(2)) == [0x1f, 0x8b], "a gzip header")
    #expect(try inflate(compressed, expectedSize: original.count) == original)

    let gunzipped = try gunzipWithTheGzipTool(compressed)
    #expect(gunzipped.status == 0)
    #expect(gunzipped.output == Data(original))
}

@Test func crc32MatchesTheKnownCheckValue() {
    // The CRC-32 check value of "123456789" (used by zip entries).
    let digits = Array("123456789".utf8)
    #expect(digits.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) } == 0xCBF4_3926)
}
