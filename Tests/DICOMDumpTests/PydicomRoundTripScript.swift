/// The python3 script of `JSONDumpTests.test_pydicomReadsOurJSON_backToTheSameValues`: for
/// each (DICOM file, our JSON) pair in the manifest given as its argument, it reads the file with
/// `pydicom.dcmread`, our JSON with `Dataset.from_json`, and compares every element outside
/// group 0002: text as `str` (without the leading and trailing spaces PS3.5 6.2 calls
/// insignificant), numbers numerically (FL as 32-bit floats), bytes exactly (OW, OF, OL, OD, OV of
/// a big-endian file swapped to little-endian, as the JSON holds them).
///
/// Where the two readers legitimately differ it compares what the file holds instead:
/// - different VRs (implicit VR `US or SS`, `OB or OW`, private elements pydicom knows): the bytes
///   as stored;
/// - an UN value that our reader parsed as a sequence (PS3.5 6.2.2): pydicom's bytes parsed as an
///   implicit VR little endian sequence;
/// - IS or DS text that is not a number, which our JSON keeps as a string (PS3.18 Table F.2.3-1)
///   and pydicom's `from_json` cannot take (it calls `int()`/`float()`): the attribute is passed
///   to `from_json` as LO and its strings compared with the stored text.
/// pydicom's `replace_un_with_known_vr` is turned off so that both sides keep the VR the file
/// states. It prints each mismatch and ends with `MISMATCHES=n`.
let pydicomRoundTripScript = #"""
import json, math, struct, sys, warnings

warnings.filterwarnings("ignore")
import pydicom
from pydicom.dataelem import RawDataElement
from pydicom.values import convert_SQ
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

BINARY = {"OB", "OD", "OF", "OL", "OV", "OW", "UN"}
UNIT = {"OW": 2, "OF": 4, "OL": 4, "OD": 8, "OV": 8}
PACK = {"US": "<H", "SS": "<h", "UL": "<I", "SL": "<i", "FL": "<f", "FD": "<d", "UV": "<Q", "SV": "<q"}
NUMERIC = {"IS", "DS", "FD", "US", "SS", "UL", "SL", "UV", "SV"}

pydicom.config.replace_un_with_known_vr = False

mismatches = []
vr_differences = []
relabeled = set()
counts = {"files": 0, "elements": 0}


def report(where, message):
    mismatches.append(f"MISMATCH {where}: {message}")


def as_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple, MultiValue)):
        return list(value)
    if isinstance(value, (str, bytes)) and len(value) == 0:
        return []
    return [value]


def swapped(data, unit):
    whole = len(data) - len(data) % unit
    return b"".join(data[i:i + unit][::-1] for i in range(0, whole, unit)) + data[whole:]


def our_bytes(element):
    if element.VR in BINARY:
        return element.value if isinstance(element.value, bytes) else None
    if element.VR in PACK:
        return b"".join(struct.pack(PACK[element.VR], v) for v in as_list(element.value))
    return None


def stored_texts(raw):
    if not isinstance(raw, RawDataElement) or not isinstance(raw.value, bytes):
        return None
    return [t.strip(" \0") for t in raw.value.decode("latin-1").split("\\")]


def is_number(value, vr):
    try:
        int(value) if vr == "IS" else float(value)
        return True
    except (TypeError, ValueError):
        return False


def relabel(obj):
    """IS and DS attributes with text that is not a number go to from_json as LO."""
    for tag, attribute in obj.items():
        values = attribute.get("Value", [])
        if attribute.get("vr") == "SQ":
            for item in values:
                relabel(item)
        elif attribute.get("vr") in ("IS", "DS") and not all(v is None or is_number(v, attribute["vr"]) for v in values):
            attribute["vr"] = "LO"
            relabeled.add(int(tag, 16))


def person_name(value):
    groups = str(value).split("=")
    groups = [g.rstrip("^") for g in groups]
    while groups and groups[-1] == "":
        groups.pop()
    return "=".join(groups)


def same(a, b, vr):
    if vr == "PN":
        return person_name(a) == person_name(b)
    if vr == "AT":
        return int(a) == int(b)
    if vr == "FL":
        return struct.pack("<f", float(a)) == struct.pack("<f", float(b)) or (math.isnan(float(a)) and math.isnan(float(b)))
    if vr in NUMERIC:
        try:
            fa, fb = float(a), float(b)
        except (TypeError, ValueError):
            return str(a).strip() == str(b).strip()
        return fa == fb or (math.isnan(fa) and math.isnan(fb))
    if vr in ("LT", "ST", "UT", "UR"):
        return str(a).rstrip(" \0") == str(b).rstrip(" \0")
    return str(a).strip(" \0") == str(b).strip(" \0")


def check(raw, theirs, mine, where, big):
    if mine.VR == "SQ" and theirs.VR == "UN" and isinstance(raw, RawDataElement):
        vr_differences.append(f"{where}: SQ vs UN")
        items = list(convert_SQ(raw.value, True, True))
        if len(items) != len(mine.value or []):
            report(where, f"{len(mine.value or [])} items, pydicom's UN bytes hold {len(items)}")
        for index, (a, b) in enumerate(zip(items, mine.value or [])):
            compare(a, b, f"{where}[{index}]/", big)
        return
    if mine.tag in relabeled and mine.VR == "LO" and theirs.VR in ("IS", "DS"):
        vr_differences.append(f"{where}: {theirs.VR} kept as strings")
        if stored_texts(raw) != [str(v) for v in as_list(mine.value)]:
            report(where, f"{as_list(mine.value)!r:.80} vs stored {stored_texts(raw)!r:.80}")
        return
    if mine.VR == "SQ" or theirs.VR == "SQ":
        if mine.VR != theirs.VR:
            report(where, f"VR {mine.VR}, pydicom {theirs.VR}")
            return
        items_theirs, items_mine = list(theirs.value or []), list(mine.value or [])
        if len(items_theirs) != len(items_mine):
            report(where, f"{len(items_mine)} items, pydicom {len(items_theirs)}")
            return
        for index, (a, b) in enumerate(zip(items_theirs, items_mine)):
            compare(a, b, f"{where}[{index}]/", big)
        return
    if mine.VR != theirs.VR:
        stored = raw.value if isinstance(raw, RawDataElement) and isinstance(raw.value, bytes) else None
        ours = our_bytes(mine)
        if stored is not None and ours is not None and stored.rstrip(b"\0 ") == ours.rstrip(b"\0 "):
            vr_differences.append(f"{where}: {mine.VR} vs {theirs.VR}")
            return
        report(where, f"VR {mine.VR}, pydicom {theirs.VR}: {mine.value!r:.80} vs {theirs.value!r:.80}")
        return
    if mine.VR in BINARY:
        theirs_bytes = theirs.value or b""
        if big and mine.VR in UNIT:
            theirs_bytes = swapped(theirs_bytes, UNIT[mine.VR])
        if (mine.value or b"") != theirs_bytes:
            report(where, f"{mine.VR} bytes differ ({len(mine.value or b'')} vs {len(theirs_bytes)} bytes)")
        return
    a_list, b_list = as_list(theirs.value), as_list(mine.value)
    if len(a_list) != len(b_list) or not all(same(a, b, mine.VR) for a, b in zip(a_list, b_list)):
        report(where, f"{mine.VR} {b_list!r:.120} vs pydicom {a_list!r:.120}")


def compare(theirs, mine, where, big):
    their_tags = {t for t in theirs.keys() if t.group != 2 and t.element != 0}
    our_tags = set(mine.keys())
    for tag in sorted(their_tags - our_tags):
        report(f"{where}{tag}", "missing from our JSON")
    for tag in sorted(our_tags - their_tags):
        report(f"{where}{tag}", "in our JSON, not read by pydicom")
    for tag in sorted(their_tags & our_tags):
        counts["elements"] += 1
        raw = theirs.get_item(tag)
        check(raw, theirs[tag], mine[tag], f"{where}{tag}", big)


with open(sys.argv[1]) as manifest:
    pairs = json.load(manifest)
for dicom_path, json_path in pairs:
    name = dicom_path.split("/")[-1]
    try:
        theirs = pydicom.dcmread(dicom_path, force=True)
    except Exception as error:
        print(f"SKIP {name}: pydicom cannot read it: {error}")
        continue
    try:
        with open(json_path) as f:
            obj = json.load(f)
        relabel(obj)
        mine = Dataset.from_json(obj)
    except Exception as error:
        report(name, f"pydicom cannot read our JSON: {error!r}")
        continue
    counts["files"] += 1
    big = getattr(theirs, "original_encoding", (None, True))[1] is False
    compare(theirs, mine, f"{name}: ", big)

for line in mismatches:
    print(line)
print(f"VR chosen differently, same bytes: {len(vr_differences)}")
for line in vr_differences[:20]:
    print(f"  {line}")
print(f"checked {counts['files']} files, {counts['elements']} elements")
print(f"MISMATCHES={len(mismatches)}")
"""#
