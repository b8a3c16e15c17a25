"""Sample documents about the person whose card lies on the simulated reader, so a walk through
the simulation gets consistent materials (same name and ID number as the chip)."""
from __future__ import annotations

from devices.idcard.base import IdentityCard
from ocr.synth.people import Person, place_of


# Where the simulated applicant rents a flat: in the hall's own city, so a residence permit can be
# applied for. (A demo address; the registered address on the card stays as it is.)
RENTED_FLAT = "浙江省杭州市西湖区文三路100号3幢201室"


def person_of(card: IdentityCard, residence: str = RENTED_FLAT) -> Person:
    province, city, district = place_of(card.address)
    surname, given = (card.name_en.split(",", 1) + [""])[:2] if card.name_en else ("", "")
    return Person(name=card.name, gender=card.gender or "男", ethnicity=card.ethnicity or "汉",
                  birth_date=card.birth_date, address=card.address, id_number=card.id_number,
                  region=(card.id_number[:6], province, city, district),
                  surname_pinyin=surname.strip(), given_pinyin=given.strip(),
                  issuing_authority=card.issuing_authority, valid_from=card.valid_from,
                  valid_until=card.valid_until.isoformat() if card.valid_until else "长期",
                  residence=residence)
