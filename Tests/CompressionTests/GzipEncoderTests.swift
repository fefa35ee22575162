// GzipEncoder streams: chunks in, one gzip member out, read back by the real gzip tool.
import Compression
import Foundation
import Testing
import TestSupport

@Test func chunksFedOneByOneMakeOneMemberTheGzipToolReads() throws {
    var rng = SplitMix64(state: 42)
    // Compressible text and incompressible noise, so deflate both stores and matches.
    let text = (0..<20_000).map { "run \($0),ok,0.0\($0 % 10)\n" }.joined()
    let noise = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
    let original = Array(text.utf8) + noise
    let encoder = try GzipEncoder(level: 6)
    var output: [UInt8] = []
    var offset = 0
    while offset < original.count {
        let size = min(Int.random(in: 1...70_000, using: &rng), original.count - offset)
        original[offset..<(offset + size)].withUnsafeBytes { encoder.compress($0, into: &output) }
        offset += size
    }
    encoder.compress(UnsafeRawBufferPointer(start: nil, count: 0), into: &output, finish: true)
    let gunzipped = try gunzipWithTheGzipTool(output)
    #expect(gunzipped.status == 0)
    #expect(gunzipped.output == Data(original))
}

@Test func emptyInputIsAValidMember() throws {
    let gunzipped = try gunzipWithTheGzipTool(try GzipEncoder.compress([]))
    #expect(gunzipped.status == 0)
    #expect(gunzipped.output.isEmpty)
}
