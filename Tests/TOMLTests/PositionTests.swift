// Positions of values, keys and tables, and of errors.
import Testing
import TOML

@Suite struct PositionTests {
    let doc = """
        name = "x"
        [server]
          port = 8080
        [[check]]
        id = 1
        [[check]]
          "é" = 2
        a.b.c = 3
        """

    @Test func valueAndKeyPositions() throws {
        let root = try TOML.parse(doc)
        #expect(root.keys == ["name", "server", "check"])
        let server = try #require(root["server"])
        #expect(server.position == SourcePosition(line: 2, column: 1))
        #expect(server.keyPosition == SourcePosition(line: 2, column: 2))
        let port = try #require(server.value.tableValue?["port"])
        #expect(port.keyPosition?.description == "3:3")
        #expect(port.position.description == "3:10")
        #expect(port.value.integerValue == 8080)
    }

    @Test func arrayOfTablesPositions() throws {
        let root = try TOML.parse(doc)
        let check = try #require(root["check"])
        #expect(check.position.description == "4:1")
        #expect(check.keyPosition?.description == "4:3")
        let elements = try #require(check.value.arrayValue)
        #expect(elements.map(\.position.description) == ["4:1", "6:1"])
        #expect(elements.allSatisfy { $0.keyPosition == nil })
        let second = try #require(elements[1].value.tableValue)
        // Column counts characters: the quoted key "é" is three characters wide.
        #expect(second["é"]?.position.description == "7:9")
        let a = try #require(second["a"])
        #expect(a.position.description == "8:1")
        let c = try #require(a.value.tableValue?["b"]?.value.tableValue?["c"])
        #expect(c.keyPosition?.description == "8:5")
        #expect(c.position.description == "8:9")
    }

    @Test(arguments: [
        ("a = 1\nb = 2\nc = 3\nc = 4", "4:1: duplicate key 'c' (first defined at 3:1)"),
        ("a = 1\nb = \n", "2:5: expected a value"),
        ("[t]\nx = 1\n\n[t]", "4:2: duplicate table [t] (first defined at 1:1)"),
        ("a = 1\nkey 2", "2:5: expected '=' after key"),
        ("\"é\" = 1 x", "1:9: expected newline after value"),
        ("a = {b = 1}\n[a]", "2:2: cannot use 'a' as a table: it is an inline table (defined at 1:1)"),
        ("x = [1]\n[[x]]", "2:3: cannot append to static array 'x' with [[x]] (defined at 1:1)"),
        ("d = 2023-02-29", "1:5: invalid date: day 29 out of range for 2023-02"),
        ("s = \"a\\qb\"", "1:7: invalid escape sequence '\\q' in string"),
        ("n = 9223372036854775808", "1:5: integer out of 64-bit range"),
        ("n = 012", "1:5: leading zeros are not allowed in numbers"),
        ("a = 1\rb = 2", "1:6: carriage return must be followed by a line feed"),
    ])
    func errorPositions(_ input: String, _ expected: String) {
        do {
            _ = try TOML.parse(input)
            Issue.record("accepted: \(input.debugDescription)")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func invalidUTF8IsRejected() {
        #expect(throws: TOMLError.self) { try TOML.parse(bytes: Array("a = \"".utf8) + [0xC3, 0x28] + Array("\"".utf8)) }
        #expect(throws: TOMLError.self) { try TOML.parse(bytes: Array("a = \"".utf8) + [0xED, 0xA0, 0x80] + Array("\"".utf8)) }
    }

    @Test func tableRulesFromTheSpec() throws {
        // Valid: [x] after [x.y] once; sub-tables of dotted-key tables.
        _ = try TOML.parse("[x.y]\n[x]\n")
        _ = try TOML.parse("[fruit]\napple.color = 'red'\n[fruit.apple.texture]\nsmooth = true")
        for bad in ["[x.y]\n[x]\n[x]", "[fruit]\napple.color = 'red'\n[fruit.apple]", "a = {}\na.b = 1",
                    "[[a]]\n[a]", "[a]\n[[a]]", "a.b = 1\n[a]", "a = [{b = 1}]\n[a.c]"] {
            #expect(throws: TOMLError.self, "\(bad.debugDescription)") { try TOML.parse(bad) }
        }
        #expect(TaggedJSON.difference(expected: ["a": ["type": "float", "value": "1.0"]],
                                      actual: ["a": ["type": "float", "value": "1.5"]]) != nil)
    }
}
