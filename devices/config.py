"""Device configuration: a plain dict (from JSON, TOML or the kiosk's settings) checked at load.

    {"id_reader": {"type": "sam-serial", "port": "/dev/ttyUSB0"},
     "passport_reader": {"type": "...", ...},
     "camera": {"type": "opencv", "source": 0},
     "printer": {"type": "escpos-network", "host": "192.168.1.50"},
     "lockers": [{"name": "A", "type": "lock-8a", "port": "/dev/ttyUSB1", "boards": [...]}]}

Every section names its driver by ``type``; the other keys are the driver's options. An
unknown section, an unknown type, a missing required option or an option the driver does not
take fails here, with a message naming the key, before anything is opened.
"""
from __future__ import annotations

import importlib
import inspect
import json
import logging
import pkgutil
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from devices.base import Device, Registry
from devices.camera.base import cameras
from devices.idcard.base import id_readers
from devices.locker.base import locker_banks
from devices.printer.base import printers

log = logging.getLogger(__name__)

# Packages whose modules register drivers when imported.
DRIVER_PACKAGES = ("devices.idcard", "devices.camera", "devices.printer", "devices.locker")


class ConfigError(ValueError):
    """The device configuration is wrong; the message names the offending key."""


@dataclass(frozen=True)
class Section:
    registry: Registry
    many: bool = False  # a list of named devices rather than one


SECTIONS = {
    "id_reader": Section(id_readers),
    "passport_reader": Section(id_readers),
    "camera": Section(cameras),
    "printer": Section(printers),
    "lockers": Section(locker_banks, many=True),
}


@dataclass(frozen=True)
class DeviceSpec:
    """One configured device: where it was configured, its driver and its options."""

    name: str       # "id_reader", "printer", "locker-A" …
    key: str        # the configuration key, for messages: "lockers[0]"
    section: str
    driver: type[Device]
    options: dict = field(default_factory=dict)
    member: str = ""  # the name given inside a list section: the locker bank "A"

    def build(self) -> Device:
        """Construct the driver (no I/O); ConfigError when it rejects its options."""
        try:
            return self.driver(self.name, **self.options)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{self.key}: {exc}") from None


_import_failures: dict[str, str] = {}


def load_drivers() -> None:
    """Import every driver module so each registers its type (once; cheap after the first call).

    A module whose library is missing on this machine is skipped and named in "unknown type"
    messages, so a missing dependency is not mistaken for a typo.
    """
    for package_name in DRIVER_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.iter_modules(package.__path__, package_name + "."):
            if "sim" in module.name.rsplit(".", 1)[-1]:
                continue  # simulators register nothing
            try:
                importlib.import_module(module.name)
            except ImportError as exc:
                _import_failures[module.name] = str(exc)


def load_config(config: Mapping) -> list[DeviceSpec]:
    """Check a device configuration; the specs of every configured device, in order."""
    if not isinstance(config, Mapping):
        raise ConfigError("the device configuration must be a mapping of sections")
    load_drivers()
    specs: list[DeviceSpec] = []
    for section_name, value in config.items():
        section = SECTIONS.get(section_name)
        if section is None:
            raise ConfigError(f"unknown device section {section_name!r} (known: {', '.join(SECTIONS)})")
        if value is None:
            continue  # a section switched off
        if section.many:
            if not isinstance(value, list):
                raise ConfigError(f"{section_name} must be a list of devices, each with a name")
            for index, entry in enumerate(value):
                specs.append(_spec(section_name, section, f"{section_name}[{index}]", entry, named=True))
        else:
            specs.append(_spec(section_name, section, section_name, value, named=False))
    names = [s.name for s in specs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"device names used twice: {', '.join(duplicates)}")
    return specs


def _spec(section_name: str, section: Section, key: str, entry, named: bool) -> DeviceSpec:
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{key} must be a mapping with a 'type'")
    options = dict(entry)
    type_name = options.pop("type", None)
    if not type_name:
        raise ConfigError(f"{key}.type is missing (known: {', '.join(section.registry.types()) or 'none'})")
    try:
        driver = section.registry.get(type_name)
    except ValueError as exc:
        skipped = f"; modules not loaded: {', '.join(_import_failures)}" if _import_failures else ""
        raise ConfigError(f"{key}.type: {exc}{skipped}") from None
    member = ""
    if named:
        member = str(options.pop("name", "") or "")
        if not member:
            raise ConfigError(f"{key}.name is missing")
    # "lockers" + "A" -> "locker-A": one word per device in logs and on the health page.
    name = f"{section_name.removesuffix('s')}-{member}" if member else section_name
    _check_options(driver, options, key)
    return DeviceSpec(name, key, section_name, driver, options, member)


def _check_options(driver: type[Device], options: Mapping, key: str) -> None:
    accepted, required = driver_options(driver)
    missing = sorted(required - set(options))
    if missing:
        raise ConfigError(f"{key}.{missing[0]} is missing (required by {driver.type}: {', '.join(sorted(required))})")
    if accepted is not None:
        unknown = sorted(set(options) - accepted)
        if unknown:
            raise ConfigError(f"{key}.{unknown[0]} is not an option of {driver.type} "
                              f"(options: {', '.join(sorted(accepted))})")


def driver_options(driver: type[Device]) -> tuple[set[str] | None, set[str]]:
    """The keyword options a driver takes and those it requires, read from its constructors.

    Follows ``**options`` up the class chain (drivers pass shared options to their base);
    ``None`` for accepted means the chain never closes, so any option is let through.
    """
    accepted: set[str] = set()
    required: set[str] = set()
    for klass in driver.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        open_ended = False
        for param in list(inspect.signature(init).parameters.values())[2:]:  # self, name
            if param.kind is inspect.Parameter.VAR_KEYWORD:
                open_ended = True
            elif param.kind is not inspect.Parameter.VAR_POSITIONAL:
                if param.default is inspect.Parameter.empty and param.name not in accepted:
                    required.add(param.name)
                accepted.add(param.name)
        if not open_ended:
            return accepted, required
    return None, required


def read_config_file(path: str | Path) -> dict:
    """The device configuration in a JSON or TOML file (a top-level ``devices`` table is used
    when present, so the devices can live in a larger kiosk configuration file)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read device configuration {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a table of device sections")
    return data.get("devices", data)
