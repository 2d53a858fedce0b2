// English and Chinese string tables for the clinician report, and the fallback counter (see
// i18n.hpp). Chinese medical terms follow common usage in Chinese molecular pathology reports
// (e.g. 靶向治疗, 证据等级, 突变丰度); an empty zh field means "no translation yet" and falls back to
// English, counted in the QC section.
#include "oncomatch/report/i18n.hpp"

#include <stdexcept>
#include <unordered_map>

namespace oncomatch::render {

namespace {

struct Entry {
    const char* en;
    const char* zh;
};

const std::unordered_map<std::string_view, Entry>& table() {
    static const std::unordered_map<std::string_view, Entry> t = {
        // Header, footer, title
        {"report_title", {"Somatic tumour genomic profiling report", "肿瘤体细胞基因变异检测报告"}},
        {"report_subtitle", {"Targeted therapy, resistance and clinical trial matching", "靶向治疗、耐药与临床试验匹配"}},
        {"page_x_of_y", {"page {} of {}", "第 {} 页，共 {} 页"}},
        // Sample box
        {"sample_id", {"Sample ID", "样本编号"}},
        {"tumour_type", {"Tumour type", "肿瘤类型"}},
        {"clinical_context", {"Clinical context", "临床信息"}},
        {"none_given", {"none given", "未提供"}},
        {"specimen", {"Specimen (VCF column)", "样本（VCF 列）"}},
        {"genome_build", {"Genome build", "参考基因组"}},
        {"knowledgebase", {"Knowledgebase", "知识库"}},
        {"report_date", {"Report date", "报告日期"}},
        {"software", {"Software", "软件"}},
        // Sections
        {"sec_answer", {"Result", "检测结论"}},
        {"sec_actionable", {"Actionable findings", "具有临床意义的变异"}},
        {"sec_resistance", {"Resistance warnings", "耐药提示"}},
        {"sec_trials_summary", {"Matched clinical trials", "匹配的临床试验"}},
        {"sec_not_assessed_short", {"Not assessed by this test", "本检测未能评估的项目"}},
        {"sec_findings", {"Findings in detail", "变异详细解读"}},
        {"sec_trials", {"Clinical trials", "临床试验"}},
        {"sec_vus", {"Variants of unknown significance in knowledgebase genes", "知识库基因中意义未明的变异"}},
        {"sec_qc", {"Quality control and what was not assessed", "质控与未评估项目"}},
        {"sec_methods", {"Methods and limitations", "检测方法与局限性"}},
        {"sec_references", {"References", "参考文献"}},
        {"sec_signoff", {"Sign-off", "审核签发"}},
        {"sec_genes_tested", {"Genes tested", "检测基因"}},
        {"sec_tiers", {"Tiers and evidence levels", "变异分级与证据等级"}},
        {"sec_sources", {"Knowledgebase sources", "知识库来源"}},
        // Columns
        {"col_tier", {"Tier", "分级"}},
        {"col_gene_change", {"Gene · change", "基因 · 变异"}},
        {"col_vaf", {"VAF", "丰度"}},
        {"col_therapies", {"Therapies · level · approval", "治疗方案 · 证据等级 · 批准"}},
        {"col_therapy", {"Therapy", "治疗方案"}},
        {"col_effect", {"Effect", "效应"}},
        {"col_level", {"Level", "证据等级"}},
        {"col_approvals", {"Approvals", "批准情况"}},
        {"col_evidence", {"Evidence and citations", "证据与文献"}},
        {"col_trial", {"Trial", "试验"}},
        {"col_phase", {"Phase", "分期"}},
        {"col_status", {"Status (as of)", "状态（截至）"}},
        {"status_as_of", {"{} (as of {})", "{}（截至 {}）"}},
        {"col_title", {"Title", "标题"}},
        {"col_matched_on", {"Matched on", "匹配依据"}},
        {"col_sites", {"Sites", "研究中心"}},
        {"col_target", {"Biomarker", "生物标志物"}},
        {"col_reason", {"Reason", "原因"}},
        {"col_gene", {"Gene", "基因"}},
        {"col_change", {"Change", "变异"}},
        {"col_consequence", {"Consequence", "变异类型"}},
        {"col_depth", {"Depth", "深度"}},
        {"col_item", {"Item", "项目"}},
        {"col_value", {"Value", "值"}},
        {"col_source", {"Source", "来源"}},
        {"col_version", {"Version", "版本"}},
        {"col_licence", {"Licence", "许可"}},
        {"col_drug_warning", {"Therapy affected", "受影响的治疗"}},
        // Directions and labels
        {"dir_sensitivity", {"sensitivity", "敏感"}},
        {"dir_reduced_sensitivity", {"reduced sensitivity", "敏感性降低"}},
        {"dir_resistance", {"resistance", "耐药"}},
        {"dir_no_benefit", {"no benefit", "无获益"}},
        {"dir_adverse_response", {"adverse response", "不良反应"}},
        {"on_label", {"on-label", "适应症内"}},
        {"off_label", {"off-label", "适应症外"}},
        {"level_x", {"level {}", "{} 级证据"}},
        {"source_level_x", {"source level {}", "来源等级 {}"}},
        {"untiered", {"untiered", "未分级"}},
        {"information_only", {"information only", "仅供参考"}},
        {"not_offered", {"not offered: requirement not met", "不推荐：条件不满足"}},
        {"excluded_here", {"not applicable in this tumour type", "不适用于该肿瘤类型"}},
        {"requires_unconfirmed", {"requires {} (not confirmed)", "需要 {}（未确认）"}},
        {"requires_met", {"{} (confirmed)", "{}（已确认）"}},
        {"requires_not_met", {"{} (not met: {})", "{}（不满足：{}）"}},
        {"no_approval", {"no regulatory approval recorded", "无监管批准记录"}},
        {"conflict", {"sources disagree on the direction of effect", "不同来源对效应方向结论不一致"}},
        {"supports_x", {"supports {}", "支持 {}"}},
        {"unconfirmed_x", {"not confirmed: {}", "未确认：{}"}},
        // Tiers and levels
        {"tier_IA", {"Tier IA: approved therapy or guideline in this tumour type", "IA 级：该肿瘤类型中获批的疗法或指南推荐"}},
        {"tier_IB", {"Tier IB: strong clinical studies in this tumour type", "IB 级：该肿瘤类型中有充分临床研究支持"}},
        {"tier_IIC", {"Tier IIC: approved in another tumour type, or smaller studies", "IIC 级：其他肿瘤类型获批，或小规模研究支持"}},
        {"tier_IID", {"Tier IID: preclinical or case-report evidence", "IID 级：临床前研究或个案报道"}},
        {"tier_III", {"Tier III: variant of unknown clinical significance", "III 级：临床意义未明的变异"}},
        {"tier_IV", {"Tier IV: benign or likely benign (population frequency at least 1%)", "IV 级：良性或可能良性（人群频率不低于 1%）"}},
        {"level_A", {"Level A: regulatory approval or professional guideline for this biomarker", "A 级：该生物标志物有监管批准或专业指南推荐"}},
        {"level_B", {"Level B: well-powered clinical studies with expert consensus", "B 级：有充分临床研究且专家共识"}},
        {"level_C", {"Level C: approval in another tumour type, or multiple small studies", "C 级：其他肿瘤类型获批，或多项小规模研究"}},
        {"level_D", {"Level D: preclinical studies or case reports", "D 级：临床前研究或个案报道"}},
        {"tiers_note", {"AMP/ASCO/CAP 2017: a finding's tier is the best tier among its therapies; it is decided per therapy for the tumour type given.",
                        "依据 AMP/ASCO/CAP 2017 指南：每个治疗方案按所给肿瘤类型单独分级，变异的分级取其治疗方案中的最高级别。"}},
        // Page 1 sentences
        {"counts_line", {"{} actionable alteration(s) · {} resistance warning(s) · {} matched trial(s)", "{} 项可用药变异 · {} 项耐药提示 · {} 项匹配的临床试验"}},
        {"no_actionable", {"No actionable finding was detected in the genes tested.", "在检测的基因中未发现具有临床意义的变异。"}},
        {"no_actionable_note", {"This does not exclude alterations this test cannot assess (listed below) or variants outside the genes tested.",
                                "这并不排除本检测无法评估的变异（见下文）或检测基因范围以外的变异。"}},
        {"resistance_intro", {"These findings predict that the therapies named may not work or may harm:", "以下变异提示相关治疗可能无效或有害："}},
        {"no_resistance", {"No resistance marker was detected.", "未发现耐药相关变异。"}},
        {"trials_top", {"{} trial(s) matched; the first {} are listed here, all of them on a later page.", "共匹配 {} 项临床试验；此处列出前 {} 项，完整列表见后文。"}},
        {"trials_all", {"{} trial(s) matched.", "共匹配 {} 项临床试验。"}},
        {"no_trials", {"No matching trial in the knowledgebase.", "知识库中无匹配的临床试验。"}},
        {"trial_status_note", {"Trial status is as of the date shown; confirm current status and eligibility with ClinicalTrials.gov and the trial site.",
                               "试验状态以所示日期为准；当前状态及入组条件请通过 ClinicalTrials.gov 及研究中心确认。"}},
        {"all_assessed", {"Every biomarker type in the knowledgebase could be assessed from this input.", "知识库中的所有生物标志物类型均可由本次输入数据评估。"}},
        {"not_assessed_intro", {"Not assessable is not the same as not detected: these biomarkers need other input.", "无法评估不等于未检出：以下生物标志物需要其他类型的数据。"}},
        {"details_follow", {"Details of every finding, with evidence and citations, follow on the next pages.", "各变异的详细信息、证据与参考文献见后续页面。"}},
        {"more_therapies", {"and {} more option(s), same or weaker evidence: see details", "另有 {} 个证据相同或较弱的方案，见详细解读"}},
        {"na_count", {"{} biomarker(s)", "{} 项"}},
        {"sites_in_first", {"sites in {} first", "优先列出 {} 的研究中心"}},
        {"no_sites", {"no site listed", "未列出研究中心"}},
        {"more_sites", {"and {} more", "另有 {} 个"}},
        {"more_resistance", {"and {} more resistance warning(s): see the findings in detail", "另有 {} 条耐药提示，见变异详细解读"}},
        {"more_alterations", {"and {} more actionable alteration(s): see the findings in detail", "另有 {} 项可用药变异，见变异详细解读"}},
        {"more_targets", {"and {} more", "等另 {} 项"}},
        {"more_na_reasons", {"and {} more not-assessed item(s) for other reasons: see quality control and what was not assessed",
                             "另有 {} 项因其他原因未能评估，见质控与未评估项目"}},
        {"tested_line", {"Tested: small variants (SNVs, short insertions/deletions) in {} knowledgebase genes on {}; the list is under Genes tested.",
                         "检测范围：知识库中 {} 个基因（{}）的小变异（单核苷酸变异及短插入/缺失）；基因列表见“检测基因”。"}},
        {"genes_tested_intro", {"{} genes of the knowledgebase on {} were examined for small variants (SNVs and short insertions/deletions):",
                                "检测了知识库中 {} 个基因（{}）的小变异（单核苷酸变异及短插入/缺失）："}},
        // Finding details
        {"finding_x", {"Finding {}", "变异 {}"}},
        {"biomarker", {"Biomarker", "生物标志物"}},
        {"lbl_hgvsc", {"HGVS c.", "HGVS c."}},
        {"lbl_hgvsp", {"HGVS p.", "HGVS p."}},
        {"lbl_transcript", {"Transcript", "转录本"}},
        {"lbl_exon", {"Exon", "外显子"}},
        {"lbl_intron", {"Intron", "内含子"}},
        {"lbl_position", {"Position", "位置"}},
        {"lbl_depth", {"Depth", "测序深度"}},
        {"lbl_vaf", {"VAF", "突变丰度"}},
        {"lbl_consequence", {"Consequence", "变异类型"}},
        {"lbl_origin", {"Origin", "来源"}},
        {"lbl_filter", {"Filter", "过滤"}},
        {"lbl_match", {"Match", "匹配方式"}},
        {"variant_see", {"{}: variant details under {}.", "{}：变异详情见 {}。"}},
        {"origin_unknown", {"unknown (tumour-only; may be germline)", "未知（仅肿瘤样本，可能为胚系变异）"}},
        {"origin_somatic", {"somatic", "体细胞"}},
        {"origin_germline", {"germline", "胚系"}},
        {"not_available", {"not available", "无"}},
        {"no_vus", {"No variant of unknown significance in the genes tested.", "检测基因中未发现意义未明的变异。"}},
        {"vus_intro", {"Variants in knowledgebase genes with no matching evidence. They are not actionable today; tier IV variants are common in the population.",
                       "知识库基因中无匹配证据的变异，目前无明确临床意义；IV 级变异在人群中常见。"}},
        // QC
        {"qc_language_en", {"Report language: English.", "报告语言：英文。"}},
        {"qc_language_zh", {"Report language: Chinese. Every fixed text is translated; {} data text item(s) have no Chinese form and are shown in English: {}.",
                            "报告语言：中文。所有固定文本均已翻译；{} 项数据文本暂无中文，以英文显示：{}。"}},
        {"qc_language_zh_complete", {"Report language: Chinese. Every text is translated.", "报告语言：中文。所有文本均已翻译。"}},
        {"qc_untranslated_names", {"Names without a Chinese form: {}.", "暂无中文名称：{}。"}},
        {"cat_fixed_text", {"fixed texts", "固定文本"}},
        {"cat_drug_name", {"drug names", "药物名称"}},
        {"cat_tumour_type", {"tumour type names", "肿瘤类型名称"}},
        {"cat_evidence_text", {"evidence summaries and approval indications", "证据摘要与批准适应症"}},
        {"cat_trial_text", {"trial titles", "试验标题"}},
        {"cat_kb_label", {"biomarker labels and notes", "生物标志物名称与说明"}},
        {"cat_clinical_value", {"clinical values", "临床信息值"}},
        // Methods
        {"methods_what", {"oncomatch reads small somatic variants (SNVs and short insertions/deletions) from the VCF/BCF file, normalises them, determines their consequence on the knowledgebase's preferred transcripts (or uses VEP, SnpEff or bcftools annotations present in the file), and matches them against a curated knowledgebase of biomarkers, evidence and clinical trials. Tiers follow the AMP/ASCO/CAP 2017 guideline and are decided per therapy for the tumour type given.",
                          "oncomatch 从 VCF/BCF 文件读取体细胞小变异（单核苷酸变异及短插入/缺失），进行标准化，在知识库首选转录本上判定变异后果（或使用文件中已有的 VEP、SnpEff、bcftools 注释），并与经整理的生物标志物、证据及临床试验知识库进行匹配。分级依据 AMP/ASCO/CAP 2017 指南，按所给肿瘤类型对每个治疗方案分别判定。"}},
        {"methods_not", {"Not detected by this test: gene fusions, copy-number changes, microsatellite instability, tumour mutational burden and other genomic signatures unless given as dedicated input; variants outside the genes tested; large structural variants. Germline status is not determined: without a matched normal sample a variant may be germline. Loci the assay did not cover are reported as not assessable, never as wild-type.",
                         "本检测不能检出：基因融合、拷贝数变异、微卫星不稳定、肿瘤突变负荷及其他基因组特征（除非提供专门数据）；检测基因范围以外的变异；大片段结构变异。本检测不判定胚系来源：无配对正常样本时，变异可能为胚系变异。检测未覆盖的位点报告为无法评估，而非野生型。"}},
        {"methods_models", {"Gene models: the knowledgebase's bundled preferred transcripts (MANE Select where available) and exon tables, {} genes on {}.",
                            "基因模型：知识库自带的首选转录本（优先采用 MANE Select）及外显子表，共 {} 个基因（{}）。"}},
        {"methods_consequence_own", {"Consequences (HGVS c./p., exon, splice) were computed by oncomatch from its transcript pack for {} genes: {} (pack {}). For other genes the file's VEP/SnpEff/bcftools annotation is used where present; otherwise only the exon location is known and the variant is listed as 'consequence not computed'.",
                                     "变异后果（HGVS c./p.、外显子、剪接）由 oncomatch 依据其转录本包计算，共 {} 个基因：{}（转录本包 {}）。其他基因使用文件中已有的 VEP/SnpEff/bcftools 注释；若无注释，仅可确定外显子位置，该变异列为“未计算变异后果”。"}},
        {"methods_consequence_file", {"Consequences were taken from the annotation in the file; oncomatch computed none itself (transcript pack: {}).",
                                      "变异后果取自文件中的注释，oncomatch 未自行计算（转录本包：{}）。"}},
        {"methods_trials", {"Clinical trials are matched on biomarker and tumour type only; age, performance status, prior lines of therapy and other eligibility criteria must be checked with the trial site.",
                            "临床试验仅按生物标志物和肿瘤类型匹配；年龄、体能状态、既往治疗线数等入组条件需与研究中心确认。"}},
        {"methods_versions", {"Knowledgebase {} version {} (SHA-256 {}); software {} {}; report schema {}.",
                              "知识库 {} 版本 {}（SHA-256 {}）；软件 {} {}；报告格式 {}。"}},
        {"methods_overlay", {"A local knowledgebase overlay was used for this report.", "本报告使用了本地知识库补充内容。"}},
        {"disclaimer_default", {"This report supports, and does not replace, the judgement of the treating physician. Therapy options must be weighed against the patient's full clinical picture, local approvals and reimbursement. Evidence levels and approvals are as of the knowledgebase version shown.",
                                "本报告用于辅助而非替代主治医生的判断。治疗方案须结合患者完整的临床情况、当地药品批准及医保情况综合考虑。证据等级与批准情况以所示知识库版本为准。"}},
        {"no_references", {"No citation.", "无参考文献。"}},
        // Sign-off
        {"signature", {"Signature", "签名"}},
        {"date", {"Date", "日期"}},
        {"signed_by", {"Reviewed and released by", "审核与签发"}},
        // Clinical keys and values
        {"ck_age", {"age", "年龄"}},
        {"ck_sex", {"sex", "性别"}},
        {"ck_country", {"country", "国家/地区"}},
        {"ck_er_status", {"ER", "ER"}},
        {"ck_pr_status", {"PR", "PR"}},
        {"ck_hr_status", {"HR", "HR"}},
        {"ck_her2_status", {"HER2", "HER2"}},
        {"ck_menopausal_status", {"menopausal status", "绝经状态"}},
        {"ck_prior_therapy", {"prior therapy", "既往治疗"}},
        {"ck_hla", {"HLA type", "HLA 分型"}},
        {"ck_expression", {"expression", "表达检测"}},
        {"ck_germline_tested", {"germline tested", "已行胚系检测"}},
        {"ck_prior_therapy_class", {"prior therapy class", "既往治疗类别"}},
        {"ck_variant_origin", {"variant origin", "变异来源"}},
        {"cv_female", {"female", "女"}},
        {"cv_male", {"male", "男"}},
        {"cv_positive", {"positive", "阳性"}},
        {"cv_negative", {"negative", "阴性"}},
        {"cv_low", {"low", "低表达"}},
        {"cv_pre", {"premenopausal", "绝经前"}},
        {"cv_post", {"postmenopausal", "绝经后"}},
        {"cv_true", {"yes", "是"}},
        {"cv_false", {"no", "否"}},
        {"cv_germline", {"germline", "胚系"}},
        {"cv_somatic", {"somatic", "体细胞"}},
        {"st_recruiting", {"recruiting", "招募中"}},
        {"st_active_not_recruiting", {"active, not recruiting", "进行中，不再招募"}},
        {"st_completed", {"completed", "已完成"}},
        {"st_not_yet_recruiting", {"not yet recruiting", "尚未招募"}},
        {"st_enrolling_by_invitation", {"enrolling by invitation", "邀请入组"}},
        {"st_terminated", {"terminated", "已终止"}},
        {"st_withdrawn", {"withdrawn", "已撤回"}},
        {"st_suspended", {"suspended", "已暂停"}},
    };
    return t;
}

const Entry& entry(std::string_view key) {
    auto it = table().find(key);
    if (it == table().end()) throw std::logic_error("report text key '" + std::string(key) + "' is not in the string table");
    return it->second;
}

}  // namespace

// Notes the interpreter writes into the JSON (not_assessed reasons), with their Chinese form.
const std::unordered_map<std::string_view, std::string_view>& known_sentences() {
    static const std::unordered_map<std::string_view, std::string_view> t = {
        // Sequence Ontology consequence terms shown in the variant tables.
        {"missense_variant", "错义变异"},
        {"synonymous_variant", "同义变异"},
        {"stop_gained", "无义变异（提前终止）"},
        {"stop_lost", "终止密码子丢失"},
        {"start_lost", "起始密码子丢失"},
        {"frameshift_variant", "移码变异"},
        {"inframe_deletion", "框内缺失"},
        {"inframe_insertion", "框内插入"},
        {"protein_altering_variant", "蛋白改变变异"},
        {"splice_acceptor_variant", "剪接受体变异"},
        {"splice_donor_variant", "剪接供体变异"},
        {"splice_region_variant", "剪接区域变异"},
        {"intron_variant", "内含子变异"},
        {"5_prime_UTR_variant", "5' 非翻译区变异"},
        {"3_prime_UTR_variant", "3' 非翻译区变异"},
        {"upstream_gene_variant", "基因上游变异"},
        {"downstream_gene_variant", "基因下游变异"},
        {"intergenic_variant", "基因间区变异"},
        {"fusions: no fusion calls were given (small-variant VCF only)", "融合：未提供融合检测结果（仅有小变异 VCF）"},
        {"copy number: no copy-number calls were given (small-variant VCF only)", "拷贝数：未提供拷贝数检测结果（仅有小变异 VCF）"},
        {"genomic signature: not computed from this input (MSI, TMB and HRD need dedicated input)",
         "基因组特征：无法由本次输入计算（MSI、TMB 与 HRD 需要专门数据）"},
        {"not confirmed: wild-type status needs the loci covered by the assay (--target-bed)", "未确认：野生型状态需要检测覆盖相应位点（--target-bed）"},
        {"not confirmed: wild-type status needs the assay's covered regions (pass --target-bed)", "未确认：野生型状态需要提供检测覆盖区域（请使用 --target-bed）"},
        {"not assessable (not targeted): outside the --target-bed regions", "无法评估（未覆盖）：位于 --target-bed 区域之外"},
        {"HLA genotype: a tumour variant file cannot show it; needs HLA typing (give it with --clinical hla=…)",
         "HLA 基因型：肿瘤变异文件无法显示，需要 HLA 分型（可用 --clinical hla=… 提供）"},
    };
    return t;
}

const char* fallback_key(Fallback f) {
    switch (f) {
        case Fallback::fixed_text: return "cat_fixed_text";
        case Fallback::drug_name: return "cat_drug_name";
        case Fallback::tumour_type: return "cat_tumour_type";
        case Fallback::evidence_text: return "cat_evidence_text";
        case Fallback::trial_text: return "cat_trial_text";
        case Fallback::clinical_value: return "cat_clinical_value";
        case Fallback::kb_label: return "cat_kb_label";
    }
    return "cat_fixed_text";
}

std::optional<Lang> parse_lang(std::string_view s) {
    if (s == "en") return Lang::en;
    if (s == "zh" || s == "zh-CN" || s == "zh_CN") return Lang::zh;
    return std::nullopt;
}

std::string fill(std::string_view pattern, std::initializer_list<std::string> args) {
    std::string out;
    auto it = args.begin();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}' && it != args.end()) {
            out += *it++;
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

bool has_key(std::string_view key) { return table().count(key) > 0; }
bool has_zh(std::string_view key) { return has_key(key) && *entry(key).zh != '\0'; }

std::string Translator::t(std::string_view key, std::initializer_list<std::string> args) {
    const Entry& e = entry(key);
    if (lang_ == Lang::zh) {
        if (*e.zh) return fill(e.zh, args);
        ++fallbacks_[Fallback::fixed_text];
    }
    return fill(e.en, args);
}

std::string Translator::data(const std::string& en, const std::optional<std::string>& zh, Fallback cat) {
    if (lang_ != Lang::zh) return en;
    if (zh && !zh->empty()) return *zh;
    if (!en.empty()) {
        ++fallbacks_[cat];
        names_.insert(en);
    }
    return en;
}

std::string Translator::english_only(const std::string& en, Fallback cat) {
    if (lang_ == Lang::zh && !en.empty()) ++fallbacks_[cat];
    return en;
}

std::string Translator::known(const std::string& en, Fallback cat) {
    if (lang_ != Lang::zh) return en;
    auto it = known_sentences().find(en);
    if (it != known_sentences().end()) return std::string(it->second);
    return english_only(en, cat);
}

int Translator::fallback_total() const {
    int n = 0;
    for (const auto& [_, c] : fallbacks_) n += c;
    return n;
}

}  // namespace oncomatch::render
