import DICOM

/// Corrections from a table: one row per study or patient.
///
/// The header names attributes (keywords, tags or sequence paths). The first column selects:
/// a row applies to the files whose value of that attribute equals the row's first cell. The other
/// columns are the values to set; naming the first column's attribute again sets it (changing a
/// Patient ID: `PatientID,PatientID,PatientName`). An empty cell leaves that attribute alone.
///
///     StudyInstanceUID,PatientName,PatientID
///     1.2.3.4,ROE^RICHARD,DCMFIX-0002
public enum CSVRules {
    /// The rules the CSV text describes, in row order.
    /// - Throws: `EditError.syntax` for a header that names no attribute, a row with more cells
    ///   than the header, or a quote left open; cell values are checked when they are applied.
    public static func parse(_ text: String, characterSetPolicy: CharacterSetPolicy) throws -> [EditRule] {
        let rows = try CSV.rows(text)
        guard let header = rows.first, header.count >= 2 else {
            throw EditError(.syntax, "the CSV needs a header with at least two columns: the attribute that selects, then attributes to set")
        }
        let selectors = try header.enumerated().map { index, name -> TagSelector in
            guard let selector = TagSelector(name.trimmingCharacters(in: " ")) else {
                throw EditError(.syntax, "CSV column \(index + 1): \"\(name)\" is not an attribute keyword, tag or path")
            }
            return selector
        }
        var rules: [EditRule] = []
        for (number, row) in rows.enumerated().dropFirst() where !row.allSatisfy(\.isEmpty) {
            guard row.count <= header.count else {
                throw EditError(.syntax, "CSV line \(number + 1) has \(row.count) cells, the header \(header.count)")
            }
            guard let key = row.first, !key.isEmpty else {
                throw EditError(.syntax, "CSV line \(number + 1): the first cell (\(header[0])) must name the files to change")
            }
            var selection = FileSelection()
            selection.conditions.append((selectors[0], key))
            var edits: [AttributeEdit] = []
            for (column, cell) in row.enumerated().dropFirst() where !cell.isEmpty {
                edits.append(AttributeEdit(selector: selectors[column], action: .set(cell)))
            }
            guard !edits.isEmpty else { continue }
            rules.append(EditRule(selection: selection, editor: Editor(edits: edits, characterSetPolicy: characterSetPolicy)))
        }
        return rules
    }
}

/// RFC 4180 comma-separated values: quoted cells may hold commas, quotes (doubled) and newlines.
enum CSV {
    static func rows(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var atCellStart = true
        var characters = text.makeIterator()
        var pending: Character?
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" {
                        cell.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    cell.append(character)
                }
                continue
            }
            switch character {
            case "\"" where atCellStart:
                quoted = true
                atCellStart = false
            case ",":
                row.append(cell)
                cell = ""
                atCellStart = true
            case "\n", "\r\n", "\r":
                row.append(cell)
                rows.append(row)
                row = []
                cell = ""
                atCellStart = true
            default:
                cell.append(character)
                atCellStart = false
            }
        }
        if quoted { throw EditError(.syntax, "the CSV ends inside a quoted cell") }
        if !cell.isEmpty || !row.isEmpty {
            row.append(cell)
            rows.append(row)
        }
        return rows
    }
}
