// Annotated VCF pass-through (see header).
#include "oncomatch/report/vcf_writer.hpp"

#include <algorithm>
#include <set>

#include "oncomatch/error.hpp"
#include "oncomatch/util/strings.hpp"

namespace oncomatch {

namespace {

// INFO values may not hold whitespace, ',', ';', '=' or the '|' and ':' we separate with.
std::string info_safe(std::string s) {
    for (char& ch : s)
        if (ch == ' ' || ch == '\t' || ch == ',' || ch == ';' || ch == '=' || ch == '|' || ch == ':') ch = '_';
    return s;
}

const char* kInfoLines[] = {
    "##INFO=<ID=ONCOMATCH_TIER,Number=A,Type=String,Description=\"oncomatch: AMP/ASCO/CAP tier of the allele for the sample's tumour type "
    "(IA, IB, IIC, IID from single-variant biomarkers; III, IV for other variants in knowledgebase genes; the JSON report is authoritative)\">",
    "##INFO=<ID=ONCOMATCH_BIOMARKER,Number=A,Type=String,Description=\"oncomatch: knowledgebase biomarker IDs the allele matches, '|'-separated\">",
    "##INFO=<ID=ONCOMATCH_THERAPIES,Number=A,Type=String,Description=\"oncomatch: therapies of the matched biomarkers' evidence as "
    "drug[+drug]:evidence level:tier (NA when not tiered here):direction, '|'-separated\">",
};

}  // namespace

VcfWriter::VcfWriter(std::ostream& out, const kb::KbIndex& index, const InterpretOptions& opts, std::vector<std::string> meta)
    : out_(out), index_(index), opts_(opts), meta_(std::move(meta)) {
    opts_.target = nullptr;  // not-assessed listings are not part of the tags
}

void VcfWriter::write_header(const std::string& input_header) {
    std::string_view h(input_header);
    const auto chrom = h.rfind("\n#CHROM");
    if (chrom == std::string_view::npos) throw Error(ExitCode::internal, {}, "VCF header without #CHROM line");
    // Earlier oncomatch tags are replaced, not duplicated, when a file is annotated again.
    for (std::string_view line : split(h.substr(0, chrom + 1), '\n')) {
        if (line.empty() || line.rfind("##INFO=<ID=ONCOMATCH_", 0) == 0 || line.rfind("##oncomatch_", 0) == 0) continue;
        out_ << line << '\n';
    }
    for (const char* l : kInfoLines) out_ << l << '\n';
    for (const auto& m : meta_) out_ << m << '\n';
    out_ << h.substr(chrom + 1);
}

AlleleTags VcfWriter::tags_for(const MatchedVariant& m) const {
    AlleleTags t;
    if (!m.v.pass) return t;
    const auto& kb = index_.kb();
    if (m.hits.empty()) {
        if (!(m.in_kb_gene && m.reportable)) return t;
        t.tier = untiered_variant_tier(m);
        return t;
    }
    // The allele interpreted on its own: its single-variant biomarkers' findings.
    const Report r = interpret(index_, std::vector<MatchedVariant>{m}, opts_);
    std::vector<std::string> bms, ther;
    std::optional<std::string> best;
    for (const auto& f : r.findings) {
        if (is_combination_rule(kb.biomarkers[f.biomarker].rule)) continue;
        bms.push_back(info_safe(kb.biomarkers[f.biomarker].id));
        if (f.tier && tier_rank(f.tier) < tier_rank(best)) best = f.tier;
        for (const auto& th : f.therapies) {
            const std::string e = info_safe(join(th.drugs, "+")) + ":" + info_safe(th.evidence_level.empty() ? "NA" : th.evidence_level) + ":" +
                                  (th.tier ? *th.tier : std::string("NA")) + ":" + info_safe(th.direction);
            if (std::find(ther.begin(), ther.end(), e) == ther.end()) ther.push_back(e);
        }
    }
    if (!bms.empty()) t.biomarkers = join(bms, "|");
    if (!ther.empty()) t.therapies = join(ther, "|");
    if (best) {
        t.tier = *best;
    } else if (!r.variants.empty() && r.variants.front().tier) {
        t.tier = *r.variants.front().tier;
    }
    return t;
}

void VcfWriter::write_chunk(const TextChunk& c, const std::vector<MatchedVariant>& variants) {
    const std::string_view text = c.text();
    std::size_t written = 0;  // bytes of text already written
    for (const auto& k : c.kept) {
        if (k.v_begin == k.v_end) continue;
        // Tags per ALT allele (Number=A); alleles without a variant (symbolic, '*') stay ".".
        const std::string_view line(text.data() + k.offset, k.length);
        const auto& first = variants[k.v_begin].v;
        std::vector<AlleleTags> tags(static_cast<std::size_t>(std::max(first.n_alts, 1)));
        bool any = false;
        for (std::uint32_t i = k.v_begin; i < k.v_end; ++i) {
            const auto& m = variants[i];
            const auto a = static_cast<std::size_t>(m.v.alt_index - 1);
            if (a >= tags.size()) continue;
            tags[a] = tags_for(m);
            any = any || !tags[a].empty();
        }
        if (!any) continue;
        // Where INFO (the 8th column) ends.
        std::size_t pos = 0;
        for (int col = 0; col < 7; ++col) pos = line.find('\t', pos) + 1;
        std::size_t info_end = line.find('\t', pos);
        if (info_end == std::string_view::npos) info_end = line.size();
        const std::string_view info = line.substr(pos, info_end - pos);
        std::string add;
        auto field = [&](const char* name, std::string AlleleTags::*member) {
            std::vector<std::string> vals;
            for (const auto& t : tags) vals.push_back(t.*member);
            if (std::all_of(vals.begin(), vals.end(), [](const std::string& v) { return v == "."; })) return;
            if (!add.empty()) add += ';';
            add += name;
            add += '=';
            add += join(vals, ",");
        };
        field("ONCOMATCH_TIER", &AlleleTags::tier);
        field("ONCOMATCH_BIOMARKER", &AlleleTags::biomarkers);
        field("ONCOMATCH_THERAPIES", &AlleleTags::therapies);
        // Earlier oncomatch tags in the record are replaced.
        std::string kept_info;
        for (std::string_view kv : split(info, ';'))
            if (!kv.empty() && kv != "." && kv.rfind("ONCOMATCH_", 0) != 0) {
                if (!kept_info.empty()) kept_info += ';';
                kept_info.append(kv);
            }
        const std::size_t abs_info = k.offset + pos, abs_end = k.offset + info_end;
        out_.write(text.data() + written, static_cast<std::streamsize>(abs_info - written));
        out_ << (kept_info.empty() ? add : kept_info + ";" + add);
        written = abs_end;
        ++tagged_;
    }
    out_.write(text.data() + written, static_cast<std::streamsize>(text.size() - written));
    // The file's last line may lack its newline; the output's never does.
    if (c.last && !text.empty() && text.back() != '\n') out_ << '\n';
}

}  // namespace oncomatch
