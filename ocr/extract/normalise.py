"""Normalisers shared by the extractors: names, gender, ethnicity, addresses, numbers."""
from __future__ import annotations

import re

# PP-OCR's recogniser was trained on mixed Simplified/Traditional text and sometimes returns the
# Traditional form of a character on a Simplified document (黄 -> 黃, 汉 -> 漢). Documents issued
# on the mainland print Simplified only, so these are mapped back.
_TRADITIONAL = str.maketrans(
    "黃漢國華張陳劉楊趙吳孫馬鄭羅許韓馮鄧蕭葉蘇呂盧東區縣鎮鄉號門單樓廣蘭傑麗偉強軍艷濤剛紅鳳輝鵬飛曉靜長寧滿壯"
    "個體務貿資記業與關係發證書權屬產會計術識進龍鳴電話蓮寶貴義順興園橋灣島嶺陽歲齡婦嬰醫院機構戶簿動幣萬億圓"
    "別魯龔鍾閻聶賀譚驍嵐鈺燁瑩彥",
    "黄汉国华张陈刘杨赵吴孙马郑罗许韩冯邓肖叶苏吕卢东区县镇乡号门单楼广兰杰丽伟强军艳涛刚红凤辉鹏飞晓静长宁满壮"
    "个体务贸资记业与关系发证书权属产会计术识进龙鸣电话莲宝贵义顺兴园桥湾岛岭阳岁龄妇婴医院机构户簿动币万亿圆"
    "别鲁龚钟阎聂贺谭骁岚钰烨莹彦",
)
ETHNICITIES = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
    "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
    "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克",
    "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)
_PUNCT = re.compile(r"[\s:：;；,，。.、·•_\-—|()（）\[\]【】\"'“”‘’]")
_NOT_NAME = re.compile(r"[^\u3400-\u9fff·]")
# Chinese documents print full-width brackets; OCR returns either width.
_SEPARATORS = str.maketrans({"：": ":", "(": "（", ")": "）", "－": "-", "—": "-", "～": "-", "~": "-"})


def simplified(text: str) -> str:
    """Map Traditional look-alikes the recogniser returns back to the Simplified characters printed."""
    return text.translate(_TRADITIONAL)


def unify(text: str) -> str:
    """Same length, one form per character: Simplified, full-width brackets, ASCII colon and dash."""
    return simplified(text.translate(_SEPARATORS))


# Marks OCR puts at the ends of a value: separators, stray quotes, table rules read as '|'.
EDGE_NOISE = ":;,.，。：；、 \"'“”‘’|｜_"


def clean(text: str) -> str:
    """Drop spaces and the separators OCR reads between a label and its value; unify widths."""
    return unify(text).replace(" ", "").strip(EDGE_NOISE)


def compact(text: str) -> str:
    """Text with every space and punctuation mark removed (for comparing and searching)."""
    return _PUNCT.sub("", simplified(text))


def name(text: str) -> str:
    """A person's name: Chinese characters (and the middle dot of transliterated names) only."""
    return _NOT_NAME.sub("", simplified(text))


def gender(text: str) -> str:
    """男 or 女 from a gender cell (also M/F on bilingual documents); "" when neither."""
    text = simplified(text)
    if "男" in text or re.search(r"(?<![A-Z])M(?![A-Z])", text):
        return "男"
    if "女" in text or re.search(r"(?<![A-Z])F(?![A-Z])", text):
        return "女"
    return ""


def ethnicity(text: str) -> str:
    """One of the 56 ethnic groups, without 族; the longest listed name found in the text."""
    text = compact(text).removesuffix("族")
    found = [e for e in ETHNICITIES if e in text]
    return max(found, key=len) if found else text


def address(text: str) -> str:
    """An address as printed, without the spaces and line breaks OCR leaves in it."""
    return simplified(re.sub(r"\s+", "", text)).strip(EDGE_NOISE)


_FULL_WIDTH = str.maketrans({":": "：", ";": "；", ",": "，", "(": "（", ")": "）"})


def running_text(text: str) -> str:
    """Running Chinese text (a business scope) as printed: full-width punctuation, no spaces,
    without the full stop at its end."""
    return simplified(re.sub(r"\s+", "", text)).translate(_FULL_WIDTH).strip(EDGE_NOISE)


def id_like(text: str, length: int = 18) -> str | None:
    """The run of ``length`` number-like characters in a cell (digits and their look-alikes)."""
    run = re.findall(r"[0-9A-Za-z|×]+", text.replace(" ", ""))
    exact = [r for r in run if len(r) == length]
    if exact:
        return exact[0]
    close = [r for r in run if abs(len(r) - length) <= 1 and sum(c.isdigit() for c in r) >= length - 4]
    return close[0] if close else None
