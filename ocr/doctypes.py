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
