"""A kiosk with its locker book on a simulated bank "A" (12 compartments with item sensors) that
speaks the 8A protocol on a pseudo-terminal to the real driver, through the DeviceManager."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from flask import Flask

from devices.locker.simulator import LockerModel
from devices.manager import DeviceManager
from devices.samples import sample
from devices.simulation import Simulation
from kiosk.services.lockers import LockerService
from kiosk.wiring import Services, locker_settings
from tests.conftest import database_urls, make_app
from tests.kiosk.factories import prereviewed_case


class Clock:
    """The services' clock, moved by the test instead of waited for."""

    def __init__(self):
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Hall:
    app: Flask
    services: Services
    model: LockerModel           # the person at the locker, and the faults
    manager: DeviceManager
    lockers: LockerService
    clock: Clock
    config: dict
    findings: dict

    def wait_status(self, reservation_id: int, status: str, timeout: float = 15.0) -> str:
        """Wait for the door events to move a reservation to ``status``; the status reached."""
        self.lockers.wait_for(lambda: self.lockers.view(reservation_id).status == status, timeout)
        return self.lockers.view(reservation_id).status

    def wait_alert(self, kind: str, timeout: float = 15.0) -> list:
        self.lockers.wait_for(lambda: any(a.kind == kind for a in self.lockers.alerts()), timeout)
        return [a for a in self.lockers.alerts() if a.kind == kind]

    def power_cut(self) -> None:
        """The kiosk goes dark: its drivers stop; the boards and the book stay as they are."""
        self.manager.stop()

    def restart(self) -> dict:
        """The kiosk comes back: a new manager and locker service over the same book, reconciled
        before use, as Services.start does; the reconciliation's findings."""
        self.lockers, self.manager, self.findings = start_lockers(self.services, self.config, self.clock)
        return self.findings


def start_lockers(services: Services, device_config: dict, clock: Clock):
    settings = locker_settings(services.config, services.keys.derive("pickup"))
    lockers = LockerService(services.db, services.applications, settings, clock=clock,
                            audit=services.audit)
    manager = DeviceManager(device_config, supervise_interval=3600)
    manager.add_locker_listener(lockers)
    manager.add_health_listener(lockers.health_changed)
    lockers.attach(manager.lockers)
    manager.start()
    return lockers, manager, lockers.reconcile()


@pytest.fixture(params=database_urls())
def hall(request, tmp_path):
    sim = Simulation(kinds=("lockers",))
    config = sim.start()
    config["lockers"][0]["poll_interval"] = 0.1   # quick door events; the boards do not mind
    app = make_app(tmp_path, request.param, LOCKER_OPEN_SECONDS=1.0)
    services = app.extensions["kiosk"]
    clock = Clock()
    services.applications.clock = clock
    lockers, manager, findings = start_lockers(services, config, clock)
    # On a loaded machine the first read of the board may come too late: the bank is then
    # reconciled once the board answers again. Tests start from a bank in use.
    assert lockers.wait_for(lambda: lockers.ready == set(lockers.banks), 30)
    services.lockers = lockers
    hall = Hall(app, services, sim.lockers["A"], manager, lockers, clock, config, findings)
    yield hall
    hall.manager.stop()
    sim.stop()
    services.db.dispose()


def citizen():
    return sample("young-hangzhou").card


def submitted_case(services: Services, card=None) -> int:
    """A social security card renewal submitted at the kiosk: it waits for the old card (an
    original) to be handed in."""
    app_id = prereviewed_case(services.applications, card or citizen())
    return services.applications.submit(app_id).id
