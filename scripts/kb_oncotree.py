#!/usr/bin/env python3
"""Flatten OncoTree into knowledgebase/oncotree/oncotree.tsv.

Source:  OncoTree release 2025-10-03 (trees/oncotree_2025_10_03.json from
         github.com/cBioPortal/oncotree, commit b362db70), Memorial Sloan Kettering
         Cancer Center, licence CC BY 4.0. Cite Kundra R et al., JCO Clin Cancer
         Inform 2021;5:221-230 (PMID 33625877).
Produces: oncotree.tsv with columns code, parent, name, main_type, tissue, name_zh:
         one row per node (TISSUE is the root, empty parent), sorted by code.
         name_zh comes from the ZH table below: our own translations (not part of
         OncoTree), which need clinical review; empty where we have none.

Usage:   scripts/kb_oncotree.py [ONCOTREE_JSON] [OUT_TSV]
"""
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_IN = "/work/shared/data/oncotree/oncotree_2025_10_03.json"
DEFAULT_OUT = os.path.join(REPO, "knowledgebase", "oncotree", "oncotree.tsv")

# Our own Chinese names (need clinical review). Every key must be an OncoTree code.
ZH = {
    # root and tissue-level (organ) nodes
    "TISSUE": "组织", "ADRENAL_GLAND": "肾上腺", "AMPULLA_OF_VATER": "壶腹部",
    "BILIARY_TRACT": "胆道", "BLADDER": "膀胱/尿路", "BONE": "骨", "BOWEL": "肠",
    "BRAIN": "中枢神经系统/脑", "BREAST": "乳腺", "CERVIX": "子宫颈", "EYE": "眼",
    "HEAD_NECK": "头颈部", "KIDNEY": "肾", "LIVER": "肝", "LUNG": "肺",
    "LYMPH": "淋巴组织", "MYELOID": "髓系", "OTHER": "其他", "OVARY": "卵巢/输卵管",
    "PANCREAS": "胰腺", "PENIS": "阴茎", "PERITONEUM": "腹膜", "PLEURA": "胸膜",
    "PNS": "周围神经系统", "PROSTATE": "前列腺", "SKIN": "皮肤", "SOFT_TISSUE": "软组织",
    "STOMACH": "食管/胃", "TESTIS": "睾丸", "THYMUS": "胸腺", "THYROID": "甲状腺",
    "UTERUS": "子宫", "VULVA": "外阴/阴道",
    # lung
    "NSCLC": "非小细胞肺癌", "LUAD": "肺腺癌", "LUSC": "肺鳞状细胞癌",
    "LCLC": "肺大细胞癌", "NSCLCPD": "低分化非小细胞肺癌", "LNET": "肺神经内分泌肿瘤",
    "SCLC": "小细胞肺癌", "CSCLC": "复合型小细胞肺癌", "LUNE": "大细胞神经内分泌癌",
    "SARCL": "肺肉瘤样癌", "PPB": "胸膜肺母细胞瘤", "LAIS": "肺原位腺癌",
    # breast
    "BRCA": "浸润性乳腺癌", "IDC": "乳腺浸润性导管癌", "ILC": "乳腺浸润性小叶癌",
    "BRCNOS": "乳腺浸润性癌，非特指", "DCIS": "乳腺导管原位癌", "LCIS": "乳腺小叶原位癌",
    "IBC": "炎性乳腺癌", "MBC": "化生性乳腺癌", "PBS": "乳腺肉瘤",
    # bowel
    "COADREAD": "结直肠腺癌", "COAD": "结肠腺癌", "READ": "直肠腺癌",
    "MACR": "结直肠黏液腺癌", "APAD": "阑尾腺癌", "SBC": "小肠癌",
    "SIC": "小肠癌", "ANSC": "肛管鳞状细胞癌", "GINET": "胃肠道神经内分泌肿瘤",
    # skin / melanoma
    "MEL": "黑色素瘤", "SKCM": "皮肤黑色素瘤", "ACRM": "肢端黑色素瘤",
    "MUP": "原发灶不明黑色素瘤", "OM": "眼部黑色素瘤", "UM": "葡萄膜黑色素瘤",
    "BCC": "基底细胞癌", "CSCC": "皮肤鳞状细胞癌", "MCC": "梅克尔细胞癌",
    "DFSP": "隆突性皮肤纤维肉瘤",
    # ovary / uterus / cervix
    "OVT": "卵巢上皮性肿瘤", "SOC": "浆液性卵巢癌", "HGSOC": "高级别浆液性卵巢癌",
    "LGSOC": "低级别浆液性卵巢癌", "CCOV": "卵巢透明细胞癌", "EOV": "卵巢子宫内膜样癌",
    "MOV": "卵巢黏液性癌", "OGCT": "卵巢生殖细胞肿瘤", "SCST": "性索间质肿瘤",
    "UCEC": "子宫内膜癌", "UEC": "子宫内膜样癌", "USC": "子宫浆液性癌",
    "UCS": "子宫癌肉瘤", "USARC": "子宫肉瘤", "GTD": "妊娠滋养细胞疾病",
    "CESC": "宫颈鳞状细胞癌", "CEAD": "宫颈腺癌",
    # pancreas / hepatobiliary / GI
    "PAAD": "胰腺导管腺癌", "PANET": "胰腺神经内分泌肿瘤", "PAAC": "胰腺腺泡细胞癌",
    "HCC": "肝细胞癌", "FLC": "纤维板层型肝细胞癌", "LIHB": "肝母细胞瘤",
    "CHOL": "胆管癌", "IHCH": "肝内胆管癌", "EHCH": "肝外胆管癌", "PHCH": "肝门部胆管癌",
    "GBC": "胆囊癌", "AMPCA": "壶腹癌",
    "EGC": "食管胃腺癌", "STAD": "胃腺癌", "ESCA": "食管腺癌", "GEJ": "胃食管结合部腺癌",
    "ESCC": "食管鳞状细胞癌", "DSTAD": "弥漫型胃腺癌", "ISTAD": "肠型胃腺癌",
    "SSRCC": "胃印戒细胞癌", "GIST": "胃肠道间质瘤",
    # genitourinary
    "PRAD": "前列腺腺癌", "PRNE": "前列腺神经内分泌癌", "BLCA": "膀胱尿路上皮癌",
    "UTUC": "上尿路尿路上皮癌", "RCC": "肾细胞癌", "CCRCC": "肾透明细胞癌",
    "NCCRCC": "非透明细胞肾细胞癌", "PRCC": "乳头状肾细胞癌", "CHRCC": "肾嫌色细胞癌",
    "WT": "肾母细胞瘤（Wilms瘤）", "SEM": "精原细胞瘤", "NSGCT": "非精原细胞性生殖细胞肿瘤",
    "PSCC": "阴茎鳞状细胞癌", "ACC": "肾上腺皮质癌", "PHC": "嗜铬细胞瘤",
    # thyroid / head and neck
    "WDTC": "分化型甲状腺癌", "THPA": "甲状腺乳头状癌", "THFO": "甲状腺滤泡癌",
    "THAP": "甲状腺未分化癌", "THME": "甲状腺髓样癌", "THPD": "甲状腺低分化癌",
    "HNSC": "头颈部鳞状细胞癌", "OCSC": "口腔鳞状细胞癌", "OPHSC": "口咽鳞状细胞癌",
    "LXSC": "喉鳞状细胞癌", "NPC": "鼻咽癌", "SACA": "涎腺癌", "ACYC": "腺样囊性癌",
    # CNS / PNS / eye
    "DIFG": "弥漫性胶质瘤", "ADIFG": "成人型弥漫性胶质瘤", "GB": "胶质母细胞瘤，IDH野生型",
    "ASTR": "星形细胞瘤，IDH突变型", "ODG": "少突胶质细胞瘤，IDH突变伴1p/19q共缺失",
    "ENCG": "局限性胶质瘤", "PAST": "毛细胞型星形细胞瘤", "LGGNOS": "低级别胶质瘤，非特指",
    "EPM": "室管膜瘤", "MNG": "脑膜瘤", "MBL": "髓母细胞瘤", "EMBT": "胚胎性肿瘤",
    "NBL": "神经母细胞瘤", "MPNST": "恶性外周神经鞘瘤", "RBL": "视网膜母细胞瘤",
    # sarcoma / bone / other solid
    "OS": "骨肉瘤", "ES": "尤文肉瘤", "CHS": "软骨肉瘤", "CHDM": "脊索瘤",
    "RMS": "横纹肌肉瘤", "ERMS": "胚胎性横纹肌肉瘤", "ARMS": "腺泡状横纹肌肉瘤",
    "LIPO": "脂肪肉瘤", "DDLS": "去分化脂肪肉瘤", "WDLS": "高分化脂肪肉瘤",
    "LMS": "平滑肌肉瘤", "SYNS": "滑膜肉瘤", "ANGS": "血管肉瘤", "DES": "韧带样纤维瘤病",
    "IMT": "炎性肌纤维母细胞瘤", "PECOMA": "血管周上皮样细胞肿瘤", "SARCNOS": "肉瘤，非特指",
    "PLMESO": "胸膜间皮瘤", "PEMESO": "腹膜间皮瘤", "TET": "胸腺上皮肿瘤",
    "THYM": "胸腺瘤", "THYC": "胸腺癌", "PGNG": "副神经节瘤", "CUP": "原发灶不明癌",
    # myeloid
    "MNM": "髓系肿瘤", "AML": "急性髓系白血病",
    "MDS": "骨髓增生异常综合征", "MPN": "骨髓增殖性肿瘤", "CML": "慢性髓系白血病",
    "CMLBCRABL1": "慢性髓系白血病，BCR-ABL1阳性", "PV": "真性红细胞增多症",
    "ET": "原发性血小板增多症", "PMF": "原发性骨髓纤维化", "CMML": "慢性粒单核细胞白血病",
    "JMML": "幼年型粒单核细胞白血病", "SM": "系统性肥大细胞增多症",
    "MDS/MPN": "骨髓增生异常/骨髓增殖性肿瘤",
    # lymphoid
    "LNM": "淋巴系肿瘤", "BLL": "B淋巴母细胞白血病/淋巴瘤",
    "BLLBCRABL1": "B淋巴母细胞白血病/淋巴瘤伴BCR-ABL1",
    "BLLBCRABL1L": "B淋巴母细胞白血病/淋巴瘤，BCR-ABL1样",
    "TLL": "T淋巴母细胞白血病/淋巴瘤", "NHL": "非霍奇金淋巴瘤", "HL": "霍奇金淋巴瘤",
    "CHL": "经典型霍奇金淋巴瘤", "MBN": "成熟B细胞肿瘤", "MTNN": "成熟T和NK细胞肿瘤",
    "CLLSLL": "慢性淋巴细胞白血病/小淋巴细胞淋巴瘤", "DLBCLNOS": "弥漫大B细胞淋巴瘤，非特指",
    "FL": "滤泡性淋巴瘤", "MCL": "套细胞淋巴瘤", "MZL": "边缘区淋巴瘤", "BL": "伯基特淋巴瘤",
    "HCL": "毛细胞白血病", "LPL": "淋巴浆细胞淋巴瘤", "PCM": "浆细胞骨髓瘤（多发性骨髓瘤）",
    "PTCL": "外周T细胞淋巴瘤，非特指", "ALCL": "间变性大细胞淋巴瘤",
    "AITL": "血管免疫母细胞性T细胞淋巴瘤",
}


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_IN
    out = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUT
    with open(src, encoding="utf-8") as f:
        root = json.load(f)["TISSUE"]
    rows = []
    stack = [root]
    while stack:
        n = stack.pop()
        rows.append((n["code"], n["parent"] or "", n["name"], n["mainType"] or "",
                     n["tissue"] or "", ZH.get(n["code"], "")))
        stack.extend(n["children"].values())
    codes = {r[0] for r in rows}
    assert len(codes) == len(rows), "duplicate OncoTree codes"
    unknown = sorted(set(ZH) - codes)
    assert not unknown, f"ZH names for codes not in OncoTree: {unknown}"
    assert all(r[1] in codes for r in rows if r[1]), "dangling parent"
    for r in rows:
        assert not any("\t" in v or "\n" in v for v in r), r
    rows.sort()
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("code\tparent\tname\tmain_type\ttissue\tname_zh\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{out}: {len(rows)} nodes, {sum(1 for r in rows if r[5])} with name_zh")


if __name__ == "__main__":
    main()
