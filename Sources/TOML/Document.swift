// Mutable tables used while parsing. They remember how each table came to exist, which is
// what TOML's "no defining twice" rules depend on; `freeze()` turns them into TOMLTable.

/// How a table came to exist; decides whether a later [header] or dotted key may touch it.
enum TableOrigin {
    /// Created as an intermediate of a [a.b.c] header; a later [a] may still define it once.
    case implicit
    /// Defined by its own [header] or [[header]].
    case header
    /// Created by a dotted key (`a.b = 1` creates table a).
    case dotted
    /// The table of an inline `{ ... }` while it is being parsed.
    case inline
}

final class MutableTable {
    var keys: [String] = []
    var slots: [Slot] = []
    var index: [String: Int] = [:]
    var origin: TableOrigin
    var position: SourcePosition
    var keyPosition: SourcePosition?
    /// Nesting depth from the document root, bounded by `Parser.maxDepth`.
    let depth: Int

    init(origin: TableOrigin, position: SourcePosition, keyPosition: SourcePosition?, depth: Int) {
        self.origin = origin
        self.position = position
        self.keyPosition = keyPosition
        self.depth = depth
    }

    func insert(_ key: String, _ slot: Slot) {
        index[key] = slots.count
        keys.append(key)
        slots.append(slot)
    }

    /// Converts to the public immutable form. Recursion is bounded by the depth limit.
    func freeze() -> TOMLTable {
        var nodes: [TOMLNode] = []
        nodes.reserveCapacity(slots.count)
        for slot in slots {
            let value: TOMLValue
            switch slot.content {
            case .value(let v):
                value = v
            case .table(let t):
                nodes.append(TOMLNode(value: .table(t.freeze()), position: t.position, keyPosition: t.keyPosition))
                continue
            case .tableArray(let list):
                value = .array(list.tables.map { TOMLNode(value: .table($0.freeze()), position: $0.position) })
            }
            nodes.append(TOMLNode(value: value, position: slot.position, keyPosition: slot.keyPosition))
        }
        return TOMLTable(keys: keys, nodes: nodes, index: index)
    }
}

/// An array created by [[header]]s; unlike a static array it may be appended to.
final class TableArray {
    var tables: [MutableTable]
    init(first: MutableTable) { tables = [first] }
}

enum SlotContent {
    /// A finished value: scalar, static array or inline table. Nothing may extend it.
    case value(TOMLValue)
    case table(MutableTable)
    case tableArray(TableArray)
}

struct Slot {
    var content: SlotContent
    var position: SourcePosition
    var keyPosition: SourcePosition?
}

/// One segment of a (possibly dotted) key.
struct KeySegment {
    var name: String
    var position: SourcePosition
}

extension SlotContent {
    /// A short phrase for error messages ("an integer", "an inline table").
    var describedKind: String {
        switch self {
        case .value(let v):
            switch v {
            case .table: "an inline table"
            case .array: "a static array"
            case .integer: "an integer"
            case .offsetDateTime, .localDateTime, .localDate, .localTime: "a " + v.typeName
            default: "a " + v.typeName
            }
        case .table: "a table"
        case .tableArray: "an array of tables"
        }
    }
}
