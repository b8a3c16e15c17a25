"""``kiosk-devices``: check and exercise a kiosk's hardware from a shell.

    kiosk-devices --config /etc/kiosk/devices.toml list
    kiosk-devices --config devices.json probe printer
    kiosk-devices --simulate --card hk-permit read-card
    kiosk-devices --simulate open-locker A 3
    kiosk-devices simulate            # start the simulators and print their configuration

Exit status: 0 done, 1 a device failed, 2 the configuration or the command line is wrong.
Personal data read from a card is masked unless ``--show-personal-data`` is given.
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from contextlib import ExitStack
from dataclasses import asdict

from devices.base import CardNotPresent, Device, DeviceError
from devices.config import ConfigError, read_config_file
from devices.idcard.base import IdentityCard
from devices.manager import DeviceManager
from devices.printer.base import Receipt, ReceiptLine
from devices.samples import samples
from devices.simulation import KINDS, Simulation
from ocr.ids import mask

DEVICE_FAILED, BAD_USAGE = 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-devices", description="Check and exercise the kiosk's devices.")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--config", metavar="PATH", help="device configuration file (.json or .toml)")
    source.add_argument("--simulate", action="store_true", help="run against the device simulators")
    parser.add_argument("--card", metavar="SAMPLE", choices=[s.key for s in samples()],
                        help="with --simulate: the sample card lying on the reader")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="configured devices and their health")
    probe = commands.add_parser("probe", help="talk to one device and say what answered")
    probe.add_argument("name")
    read = commands.add_parser("read-card", help="read the card on the ID reader")
    read.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                      help="how long to wait for a card to be placed (default 10)")
    read.add_argument("--show-personal-data", action="store_true")
    commands.add_parser("print-test", help="print a test receipt")
    locker = commands.add_parser("open-locker", help="unlock one compartment")
    locker.add_argument("bank")
    locker.add_argument("number", type=int)
    simulate = commands.add_parser("simulate", help="start the simulators and print their configuration")
    simulate.add_argument("--kinds", nargs="+", choices=KINDS,
                          help="which simulators to start (default: every kind this machine can run)")
    simulate.add_argument("--for", dest="duration", type=float, metavar="SECONDS",
                          help="stop after this long (default: until interrupted)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.card and not (args.simulate or args.command == "simulate"):
        parser.error("--card needs --simulate")
    try:
        with ExitStack() as stack:
            if args.command == "simulate":
                return _simulate(args, stack)
            manager = DeviceManager(_config(args, stack))
            stack.callback(manager.stop)
            return COMMANDS[args.command](manager, args)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return BAD_USAGE
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return BAD_USAGE
    except DeviceError as exc:
        print(f"{type(exc).__name__}: {exc}\n  hint: {exc.staff_hint}", file=sys.stderr)
        return DEVICE_FAILED


def _config(args, stack: ExitStack) -> dict:
    if args.simulate:
        return stack.enter_context(Simulation(card=args.card)).config
    if args.config:
        return read_config_file(args.config)
    raise ConfigError("give --config PATH or --simulate")


def _check(device: Device) -> tuple[bool, str]:
    try:
        device.open()
        return True, device.probe()
    except DeviceError as exc:
        return False, f"{type(exc).__name__}: {exc}"
    finally:
        device.close()


def _list(manager: DeviceManager, args) -> int:
    failed = 0
    for name, device in manager.devices.items():
        ok, text = _check(device)
        failed += not ok
        print(f"{name:<16} {device.type:<16} {'ok' if ok else 'UNAVAILABLE':<12} {text}")
    return DEVICE_FAILED if failed else 0


def _probe(manager: DeviceManager, args) -> int:
    ok, text = _check(manager.device(args.name))
    print(text)
    return 0 if ok else DEVICE_FAILED


def _read_card(manager: DeviceManager, args) -> int:
    reader = manager.id_reader
    if reader is None:
        raise ConfigError("no id_reader configured")
    reader.open()
    deadline = time.monotonic() + args.wait
    while True:
        try:
            card = reader.read_once()
            break
        except CardNotPresent:
            if time.monotonic() >= deadline:
                raise
            time.sleep(reader.poll_interval)  # waiting for a person to place the card
    print(json.dumps(_card_view(card, args.show_personal_data), ensure_ascii=False, indent=2))
    return 0


def _card_view(card: IdentityCard, show: bool) -> dict:
    view = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in asdict(card).items() if k not in ("photo", "photo_format")}
    view["photo"] = f"{len(card.photo)} bytes ({card.photo_format or 'none'})"
    if not show:
        view["id_number"] = mask(card.id_number)
        for key in ("name", "name_en", "address"):
            if view[key]:
                view[key] = view[key][0] + "*" * (len(view[key]) - 1)
    return view


def _print_test(manager: DeviceManager, args) -> int:
    printer = manager.printer
    if printer is None:
        raise ConfigError("no printer configured")
    printer.open()
    printer.print_receipt(Receipt(
        title="打印测试 Print test",
        lines=[ReceiptLine("自助服务终端打印机测试页", bold=True, align="center"),
               ReceiptLine(time.strftime("%Y-%m-%d %H:%M:%S"))],
        qr="kiosk-devices print-test",
        footer=[ReceiptLine("如能看清本页文字与二维码，打印机工作正常。")]))
    print("printed")
    return 0


def _open_locker(manager: DeviceManager, args) -> int:
    bank = manager.locker(args.bank)
    bank.open()
    bank.unlock(args.number)
    print(f"locker {args.bank} compartment {args.number} unlocked")
    return 0


def _simulate(args, stack: ExitStack) -> int:
    simulation = stack.enter_context(Simulation(kinds=tuple(args.kinds) if args.kinds else None, card=args.card))
    print(json.dumps(simulation.config, ensure_ascii=False, indent=2), flush=True)
    stopped = threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopped.set())
    stopped.wait(args.duration)
    return 0


COMMANDS = {"list": _list, "probe": _probe, "read-card": _read_card, "print-test": _print_test,
            "open-locker": _open_locker}
