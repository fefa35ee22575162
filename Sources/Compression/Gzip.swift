// gzip through zlib, streaming: bytes go in as they are produced and compressed bytes come
// out, so memory stays flat whatever the size (the /metrics body today, the CSV exports next).
import CZlib

public struct CompressionError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// One gzip member. Not Sendable: one producer feeds it.
public final class GzipEncoder {
    /// zlib keeps pointers into the stream struct, so it lives at a fixed address.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var finished = false

    /// `level` 1 (fastest) to 9 (smallest); 6 is gzip's default.
    public init(level: Int32 = 6) throws(CompressionError) {
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: a gzip header and trailer; memLevel 8 is zlib's default.
        let status = czlib_deflate_init2(stream, level, 15 + 16, 8)
        guard status == Z_OK else {
            stream.deallocate()
            throw CompressionError(description: "cannot start gzip (zlib status \(status))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses `input` and appends what zlib emits to `output`; `finish` ends the member
    /// (nothing may follow).
    public func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], finish: Bool = false) {
        precondition(!finished, "gzip member already finished")
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(buffer.count)
                return deflate(stream, flush)
            }
            let produced = chunk.count - Int(stream.pointee.avail_out)
            output.append(contentsOf: chunk[..<produced])
            // Z_BUF_ERROR only means "no progress possible": all input taken, nothing to flush.
            if status == Z_STREAM_END || status == Z_BUF_ERROR { break }
            if stream.pointee.avail_out != 0 && !finish { break }
        }
        if finish { finished = true }
    }

    /// The whole of `bytes` as one gzip member.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws(CompressionError) -> [UInt8] {
        let encoder = try GzipEncoder(level: level)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count / 4 + 64)
        bytes.withUnsafeBytes { encoder.compress($0, into: &output, finish: true) }
        return output
    }
}
