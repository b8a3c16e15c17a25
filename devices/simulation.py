"""A whole kiosk's worth of simulated hardware, and the configuration that points the REAL
drivers at it.

    with Simulation(card="young-hangzhou") as sim:
        manager = DeviceManager(sim.config)   # the same drivers a hall runs
        sim.place_card("hk-permit")           # a citizen puts another card on the reader
        sim.card_fault(Fault.REMOVE_MID_READ) # … and snatches it away while it is read
        sim.lockers["A"].close(3)             # the locker model: doors, items, jams

Each simulator speaks its device's wire protocol: the SAM reader on a pseudo-terminal, the
document camera as an MJPEG stream on 127.0.0.1, the receipt printer as raw ESC/POS on a TCP
port, the lock boards as "8A" frames on a pseudo-terminal. ``kinds`` picks which to run.
A simulated passport reader (PC/SC, needing pcscd and vpcd) is not part of it yet; a new kind
is added by one ``_start_<kind>`` method that returns its configuration section.
"""
from __future__ import annotations

from devices.camera.simulator import CameraSimulator
from devices.idcard import sam_protocol
from devices.idcard.base import IdentityCard
from devices.idcard.sam_simulator import Fault, SamSimulator
from devices.locker.sim_8a import EightABusSimulator
from devices.locker.simulator import LockerModel
from devices.printer.simulator import EscposPrinterSimulator
from devices.samples import Sample, sample, samples

KINDS = ("id_reader", "camera", "printer", "lockers")


class Simulation:
    """Simulators for the chosen device kinds; ``config`` is valid once started."""

    def __init__(self, *, kinds: tuple[str, ...] = KINDS, card: str | IdentityCard | None = None,
                 locker_banks: dict[str, int] | None = None):
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown simulated kinds {sorted(unknown)} (known: {', '.join(KINDS)})")
        self.kinds = tuple(kinds)
        self.locker_banks = locker_banks or {"A": 12}  # bank name -> compartments
        self.sam: SamSimulator | None = None
        self.camera: CameraSimulator | None = None
        self.printer: EscposPrinterSimulator | None = None
        self.lockers: dict[str, LockerModel] = {}
        self.config: dict = {}
        self._running: list = []
        self._first_card = card

    def start(self) -> dict:
        """Start the simulators; the device configuration for them."""
        try:
            for kind in self.kinds:
                self.config[kind] = getattr(self, f"_start_{kind}")()
        except BaseException:
            self.stop()
            raise
        return self.config

    def stop(self) -> None:
        while self._running:
            self._running.pop().stop()

    def __enter__(self) -> Simulation:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _run(self, simulator):
        self._running.append(simulator.start())
        return simulator

    # -- the kinds --------------------------------------------------------------------------

    def _start_id_reader(self) -> dict:
        self.sam = self._run(SamSimulator())
        if self._first_card is not None:
            self.place_card(self._first_card)
        return {"type": "sam-serial", "port": self.sam.port}

    def _start_camera(self) -> dict:
        # A 3-megapixel document camera (enough pixels per mm to read an A4 page), at a modest rate
        # because the simulation shares the kiosk's CPU.
        self.camera = self._run(CameraSimulator(width=2048, height=1536, fps=4))
        return {"type": "opencv", "source": self.camera.url}

    def _start_printer(self) -> dict:
        self.printer = self._run(EscposPrinterSimulator())
        return {"type": "escpos-network", "host": self.printer.host, "port": self.printer.port}

    def _start_lockers(self) -> list[dict]:
        banks = []
        for name, compartments in self.locker_banks.items():
            model = LockerModel.single_board(compartments, item_sensors=True)
            bus = self._run(EightABusSimulator(model))
            self.lockers[name] = model
            banks.append({"name": name, "type": "lock-8a", **bus.driver_options()})
        return banks

    # -- the citizen at the ID reader -------------------------------------------------------

    @staticmethod
    def samples() -> list[Sample]:
        return samples()

    def place_card(self, card: str | IdentityCard) -> IdentityCard:
        """Put a card on the reader: a sample key (see devices.samples) or any IdentityCard."""
        identity = sample(card).card if isinstance(card, str) else card
        self._sam().place(identity)
        return identity

    def remove_card(self) -> None:
        self._sam().remove()

    def card_fault(self, fault: Fault | int, *, on: sam_protocol.Command | None = None, times: int = 1) -> None:
        """Make the reader misbehave: a ``Fault`` or a SAM status code such as 0x41 or 0x60."""
        if isinstance(fault, Fault):
            self._sam().inject(fault, on=on, times=times)
        else:
            self._sam().inject_status(fault, on=on, times=times)

    def _sam(self) -> SamSimulator:
        if self.sam is None:
            raise RuntimeError("the ID reader is not simulated (start with 'id_reader' in kinds)")
        return self.sam
