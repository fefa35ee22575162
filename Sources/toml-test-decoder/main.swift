// toml-test decoder: TOML on stdin, tagged JSON on stdout; exit 1 with the error on stderr.
import Foundation
import TOML

let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
do {
    let table = try TOML.parse(bytes: input)
    FileHandle.standardOutput.write(Data((taggedJSON(table) + "\n").utf8))
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
