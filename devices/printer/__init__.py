"""Receipt printers; importing the package registers the ESC/POS drivers."""
from devices.printer import escpos_printer  # noqa: F401  (register the "escpos-*" types)
