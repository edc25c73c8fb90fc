#!/usr/bin/env python3
"""A storage and verification SCP on pynetdicom, started by dicomfix's network tests.

Each received instance is written to --out as a Part-10 file holding the data set exactly as it
came over the network (meta information made by pynetdicom). Options make the peer misbehave the
way the tests need: accept only implicit VR little endian, reject unknown called AE titles, answer
with a chosen status (always, or for the first attempts of each instance), abort, or die in the
middle of a transfer; require a user identity (PS3.7 D.3.3.7).

With --record FILE, what the peer saw is appended to FILE as JSON lines, for the tests to assert
on: {"event": "user-identity", ...} for each User Identity sub-item received, {"event": "pdata",
"length": N} for each P-DATA-TF PDU (N is its PDU Length field, as in PS3.8 9.3.5, checked
against the bytes received), {"event": "accepted"} and {"event": "closed"} for each association
and {"event": "store", "uid": ..., "status": ...} for each C-STORE request, all with a "time".
"""
import json
import threading
import argparse
import os
import ssl
import sys
import time

from pynetdicom import AE, evt, StoragePresentationContexts
from pynetdicom.sop_class import Verification
from pynetdicom.transport import AssociationServer

IMPLICIT = "1.2.840.10008.1.2"
ALL_UNCOMPRESSED = [IMPLICIT, "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ae", default="PYSCP")
    parser.add_argument("--out", required=True)
    parser.add_argument("--implicit-only", action="store_true")
    parser.add_argument("--require-called-ae", action="store_true")
    parser.add_argument("--status", default="0000", help="hex status to answer C-STORE with")
    parser.add_argument("--abort-on-store", action="store_true")
    parser.add_argument("--die-after", type=int, default=0, help="exit abruptly on the store after this many")
    parser.add_argument("--delay", type=float, default=0, help="seconds to wait before answering C-STORE")
    parser.add_argument("--max-pdu", type=int, default=16382)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--record", help="append what the peer saw to this file as JSON lines")
    parser.add_argument("--fail-first", type=int, default=0, help="answer --fail-status to the first N attempts of each instance")
    parser.add_argument("--fail-status", default="A700", help="hex status for --fail-first")
    parser.add_argument("--require-user", help="accept only associations carrying this user name")
    parser.add_argument("--require-password", help="with --require-user: and this password")
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    syntaxes = [IMPLICIT] if args.implicit_only else ALL_UNCOMPRESSED
    ae = AE(ae_title=args.ae)
    ae.maximum_pdu_size = args.max_pdu
    ae.require_called_aet = args.require_called_ae
    for context in StoragePresentationContexts:
        ae.add_supported_context(context.abstract_syntax, syntaxes)
    ae.add_supported_context(Verification, syntaxes)
    received = {"count": 0}
    attempts = {}
    lock = threading.Lock()

    def record(entry):
        if not args.record:
            return
        entry["time"] = time.time()
        with lock, open(args.record, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def handle_user_id(event):
        primary = event.primary_field.decode("utf-8", "replace")
        secondary = event.secondary_field.decode("utf-8", "replace") if event.secondary_field is not None else None
        record({"event": "user-identity", "type": event.user_id_type, "username": primary, "password": secondary})
        verified = args.require_user is None or (
            primary == args.require_user and (args.require_password is None or secondary == args.require_password))
        if verified:
            event.assoc.dicomfix_user = primary
        return verified, None

    def handle_data(event):
        data = event.data
        if data[0:1] == b"\x04":
            length = int.from_bytes(data[2:6], "big")
            if length != len(data) - 6:
                record({"event": "pdata-mismatch", "field": length, "bytes": len(data) - 6})
            record({"event": "pdata", "length": length})

    def handle_store(event):
        uid = event.request.AffectedSOPInstanceUID
        with lock:
            received["count"] += 1
            attempts[uid] = attempts.get(uid, 0) + 1
            attempt = attempts[uid]
        if args.require_user and getattr(event.assoc, "dicomfix_user", None) is None:
            record({"event": "store", "uid": uid, "status": "0124", "attempt": attempt})
            return 0x0124
        if attempt <= args.fail_first:
            record({"event": "store", "uid": uid, "status": args.fail_status.upper(), "attempt": attempt})
            return int(args.fail_status, 16)
        if args.die_after and received["count"] > args.die_after:
            os._exit(3)
        if args.delay:
            time.sleep(args.delay)
        if args.abort_on_store:
            event.assoc.abort()
            return 0xC000
        status = int(args.status, 16)
        record({"event": "store", "uid": uid, "status": f"{status:04X}", "attempt": attempt})
        if status & 0xF000 in (0x0000, 0xB000):
            with open(os.path.join(args.out, f"{uid}.dcm"), "wb") as f:
                f.write(event.encoded_dataset(include_meta=True))
        return status

    def handle_accepted(event):
        event.assoc.dicomfix_accepted = True
        record({"event": "accepted"})

    def handle_closed(event):
        # Only the connections that carried an association: "accepted" and "closed" pair up.
        if getattr(event.assoc, "dicomfix_accepted", False):
            record({"event": "closed"})

    context = None
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    AssociationServer.allow_reuse_address = True
    print(f"listening on {args.port}", flush=True)
    handlers = [
        (evt.EVT_C_STORE, handle_store),
        (evt.EVT_ACCEPTED, handle_accepted),
        (evt.EVT_CONN_CLOSE, handle_closed),
    ]
    if args.record:
        handlers.append((evt.EVT_DATA_RECV, handle_data))
    if args.require_user or args.record:
        handlers.append((evt.EVT_USER_ID, handle_user_id))
    ae.start_server(("127.0.0.1", args.port), block=True, evt_handlers=handlers, ssl_context=context)


if __name__ == "__main__":
    sys.exit(main())
