"""Document types ocr/ recognises. The strings are stable: the catalog refers to them."""

ID_CARD_FRONT = "id_card_front"          # 居民身份证 人像面
ID_CARD_BACK = "id_card_back"            # 居民身份证 国徽面
HUKOU_COVER = "hukou_cover"              # 户口簿 封面
HUKOU_INDEX = "hukou_index"              # 户口簿 户主页/首页
HUKOU_MEMBER = "hukou_member"            # 户口簿 常住人口登记卡
BUSINESS_LICENCE = "business_licence"    # 营业执照
MARRIAGE_CERTIFICATE = "marriage_certificate"  # 结婚证
BIRTH_CERTIFICATE = "birth_certificate"  # 出生医学证明
LEASE_CONTRACT = "lease_contract"        # 房屋租赁合同
PROPERTY_CERTIFICATE = "property_certificate"  # 不动产权证书
PHOTO_1INCH = "photo_1inch"              # 一寸照片
PASSPORT = "passport"                    # 护照 (MRZ TD3)
UNKNOWN = "unknown"

ALL = (
    ID_CARD_FRONT, ID_CARD_BACK, HUKOU_COVER, HUKOU_INDEX, HUKOU_MEMBER, BUSINESS_LICENCE,
    MARRIAGE_CERTIFICATE, BIRTH_CERTIFICATE, LEASE_CONTRACT, PROPERTY_CERTIFICATE,
    PHOTO_1INCH, PASSPORT, UNKNOWN,
)

# Field names extraction gives per type. Dates are ISO YYYY-MM-DD; a validity of 长期 is "长期".
# The catalog's rules and prefill sources refer to these names.
FIELDS: dict[str, tuple[str, ...]] = {
    ID_CARD_FRONT: ("name", "gender", "ethnicity", "birth_date", "address", "id_number"),
    ID_CARD_BACK: ("issuing_authority", "valid_from", "valid_until"),
    HUKOU_COVER: (),
    HUKOU_INDEX: ("household_head", "household_number", "household_type", "address"),
    HUKOU_MEMBER: ("name", "relation", "gender", "ethnicity", "birth_date", "birthplace", "id_number"),
    BUSINESS_LICENCE: ("uscc", "company_name", "business_type", "legal_representative",
                       "registered_capital", "established_date", "address", "valid_until",
                       "composition", "business_scope"),   # 组成形式: 个体工商户 only
    MARRIAGE_CERTIFICATE: ("certificate_number", "registration_date", "husband_name",
                           "husband_id_number", "wife_name", "wife_id_number"),
    BIRTH_CERTIFICATE: ("certificate_number", "child_name", "child_gender", "birth_date", "birth_place",
                        "mother_name", "mother_id_number", "father_name", "father_id_number"),
    LEASE_CONTRACT: ("lessor_name", "lessee_name", "lessee_id_number", "address", "start_date", "end_date"),
    PROPERTY_CERTIFICATE: ("certificate_number", "owner_name", "owner_id_number", "address", "area"),
    PHOTO_1INCH: (),
    PASSPORT: ("document_number", "surname", "given_names", "nationality", "birth_date", "sex", "expiry_date"),
    UNKNOWN: (),
}

# Fields every document of the type prints (a licence of a 个体工商户 has no capital, a company's
# no 组成形式): when one is not read, something hides it.
PRINTED: dict[str, tuple[str, ...]] = {
    ID_CARD_FRONT: FIELDS[ID_CARD_FRONT],
    ID_CARD_BACK: FIELDS[ID_CARD_BACK],
    HUKOU_MEMBER: FIELDS[HUKOU_MEMBER],
    BUSINESS_LICENCE: ("uscc", "company_name", "business_type", "legal_representative", "established_date",
                       "address"),
    PASSPORT: FIELDS[PASSPORT],
}

# Physical size (short side, long side) in millimetres of the types that have a fixed format, so
# capture quality can judge resolution once the type is known.
SIZE_MM: dict[str, tuple[float, float]] = {
    ID_CARD_FRONT: (54.0, 85.6),
    ID_CARD_BACK: (54.0, 85.6),
    PHOTO_1INCH: (25.0, 35.0),
    PASSPORT: (88.0, 125.0),
    LEASE_CONTRACT: (210.0, 297.0),
    HUKOU_INDEX: (105.0, 143.0),
    HUKOU_MEMBER: (105.0, 143.0),
    BUSINESS_LICENCE: (210.0, 297.0),   # the 副本 (A4); an A3 正本 only reads larger
}

# Height in millimetres of the smallest print a type's fields are read from: the capture is
# sharp and large enough when that print is.
PRINT_MM: dict[str, float] = {
    ID_CARD_FRONT: 2.8, ID_CARD_BACK: 2.8, HUKOU_INDEX: 3.0, HUKOU_MEMBER: 3.0, BUSINESS_LICENCE: 3.5,
    PASSPORT: 2.5, LEASE_CONTRACT: 3.7, PROPERTY_CERTIFICATE: 3.5, MARRIAGE_CERTIFICATE: 3.5,
    BIRTH_CERTIFICATE: 3.5,
}
