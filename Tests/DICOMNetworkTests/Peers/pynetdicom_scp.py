#!/usr/bin/env python3
"""A storage and verification SCP on pynetdicom, started by dicomfix's network tests.

Each received instance is written to --out as a Part-10 file holding the data set exactly as it
came over the network (meta information made by pynetdicom). Options make the peer misbehave the
way the tests need: accept only implicit VR little endian, reject unknown called AE titles, answer
with a chosen status, abort, or die in the middle of a transfer.
"""
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

    def handle_store(event):
        received["count"] += 1
        if args.die_after and received["count"] > args.die_after:
            os._exit(3)
        if args.delay:
            time.sleep(args.delay)
        if args.abort_on_store:
            event.assoc.abort()
            return 0xC000
        status = int(args.status, 16)
        if status & 0xF000 in (0x0000, 0xB000):
            uid = event.request.AffectedSOPInstanceUID
            with open(os.path.join(args.out, f"{uid}.dcm"), "wb") as f:
                f.write(event.encoded_dataset(include_meta=True))
        return status

    context = None
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    AssociationServer.allow_reuse_address = True
    print(f"listening on {args.port}", flush=True)
    ae.start_server(("127.0.0.1", args.port), block=True, evt_handlers=[(evt.EVT_C_STORE, handle_store)], ssl_context=context)


if __name__ == "__main__":
    sys.exit(main())
