// Agreement of oncomatch's own HGVS p. with annotations already present in real files
// (tests/data/agreement, copied by scripts/agreement_data.py): CIViC 2018 variant coordinates
// with their HGVS expressions (GRCh37), the SnpEff-annotated GRCh38 VCF of the CTAT pipeline,
// and the Genome Nexus hotspot residues (protein numbering of the models). Every disagreement is
// printed; the issue asks for >= 99.5 % identical HGVS p. on coding variants of covered genes.
#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <map>

#include "../test_support.hpp"
#include "oncomatch/hgvs/consequence.hpp"
#include "oncomatch/transcript/pack.hpp"
#include "oncomatch/util/strings.hpp"
#include "oncomatch/variant/normalise.hpp"
#include "oncomatch/variant/protein.hpp"

using namespace oncomatch;

namespace {

std::string vless(std::string_view id) { return std::string(id.substr(0, id.find('.'))); }

const tx::Transcript* by_id(const tx::Pack& p, const std::string& gene, const std::string& id) {
    for (const auto* t : p.of_gene(gene))
        if (vless(t->id) == vless(id)) return t;
    return nullptr;
}

// + strand genomic base at 0-based g when exonic on t, else 0.
char gbase(const tx::Transcript& t, std::int64_t g) {
    std::int64_t off = 0;
    for (const auto& e : t.exons) {
        if (g >= e.g_beg0 && g < e.g_end0) {
            const char c = t.seq[static_cast<std::size_t>(t.strand == '+' ? off + (g - e.g_beg0) : off + (e.g_end0 - 1 - g))];
            if (t.strand == '+') return c;
            return c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : c == 'T' ? 'A' : 'N';
        }
        off += e.g_end0 - e.g_beg0;
    }
    return 0;
}

// CIViC names are upper case ("E746_A750DEL"); HGVS short forms are not.
std::string civic_short(std::string s) {
    for (const char* k : {"DEL", "INS", "DUP", "FS", "EXT"}) {
        auto p = s.find(k);
        if (p != std::string::npos)
            for (std::size_t i = p; i < p + std::strlen(k); ++i) s[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    }
    return s;
}

// Same protein change, allowing for notation the sources leave out: a frameshift written without
// the new residue or the stop distance ("E55fs", "P968Lfs"), a stop loss without its extension
// ("*214L" for "*214Lext*14"), and start loss written as a substitution ("M1V"; HGVS: "M1?").
bool same_change(const std::string& own, const std::string& exp) {
    if (own == exp) return true;
    if (own.empty()) return false;
    if (auto f = exp.find("fs"); f != std::string::npos && own.find("fs") != std::string::npos) {
        const bool exp_has_count = exp.size() > f + 3 && std::isdigit(static_cast<unsigned char>(exp[f + 3]));
        if (exp_has_count) return false;
        const std::string ep = exp.substr(0, f);
        const std::string op = own.substr(0, own.find("fs"));
        return op == ep || (!ep.empty() && std::isdigit(static_cast<unsigned char>(ep.back())) && op.substr(0, op.size() - 1) == ep);
    }
    if (exp.size() >= 2 && exp[0] == '*' && exp.find("ext") == std::string::npos && own.rfind(exp + "ext", 0) == 0) return true;
    if (own == "M1?" && exp.size() == 3 && exp.rfind("M1", 0) == 0) return true;
    return false;
}

struct Tally {
    int compared = 0, agreed = 0, skipped = 0, exact = 0;
    std::vector<std::string> disagreements;
};

}  // namespace

TEST_CASE("agreement: CIViC 2018 coordinates and HGVS expressions (GRCh37)") {
    const auto pack = tx::read_pack(test::data_path("genemodels/GRCh37.pack"));
    std::ifstream in(test::data_path("agreement/civic_2018_variants.grch37.tsv"));
    REQUIRE(in);
    std::string line;
    std::getline(in, line);
    Tally t;
    while (std::getline(in, line)) {
        auto c = split_copy(line, '\t');
        REQUIRE(c.size() == 9);
        const auto& gene = c[0];
        const auto& name = c[1];
        const auto start = *parse_number<std::int64_t>(c[3]);
        const auto stop = *parse_number<std::int64_t>(c[4]);
        std::string ref = c[5], alt = c[6];
        if ((!ref.empty() && !is_plain_sequence(ref)) || (!alt.empty() && !is_plain_sequence(alt))) {
            ++t.skipped;  // e.g. "G/A": two alleles in one row
            continue;
        }
        // Transcript: an NM_/ENST of the HGVS list or the representative one, when the pack has it.
        const tx::Transcript* tr = nullptr;
        std::string expected;
        for (const auto& h : split_copy(c[8], ',')) {
            auto colon = h.find(':');
            if (colon == std::string::npos) continue;
            const std::string acc = h.substr(0, colon), expr = h.substr(colon + 1);
            if (expr.rfind("c.", 0) == 0 && !tr) tr = by_id(pack, gene, acc);
            if (expr.rfind("p.", 0) == 0 && expected.empty()) expected = protein_short(expr);
        }
        if (!tr) tr = by_id(pack, gene, c[7]);
        if (expected.empty() && is_valid_protein_change(civic_short(name))) expected = civic_short(name);
        if (!tr || expected.empty()) {
            ++t.skipped;
            continue;
        }
        // VCF form: insertions and deletions get the preceding base as anchor (from the model).
        std::int64_t pos0 = start - 1;
        if (ref.empty()) {  // insertion between start and stop
            const char a = gbase(*tr, start - 1);
            if (!a) {
                ++t.skipped;
                continue;
            }
            ref = std::string(1, a);
            alt = ref + alt;
        } else if (alt.empty()) {
            const char a = gbase(*tr, start - 2);
            if (!a) {
                ++t.skipped;
                continue;
            }
            pos0 = start - 2;
            ref = std::string(1, a) + ref;
            alt = std::string(1, a);
        }
        (void)stop;
        auto a = hgvs::annotate_transcript(*tr, pos0, ref, alt);
        ++t.compared;
        const std::string own = a ? a->csq.hgvsp_short : "";
        if (a && !a->ref_mismatch && own == expected) ++t.exact;
        if (a && !a->ref_mismatch && same_change(own, expected)) ++t.agreed;
        else
            t.disagreements.push_back(gene + " " + name + " " + c[2] + ":" + c[3] + " " + c[5] + ">" + c[6] + " on " + tr->id + ": own '" + own +
                                      "' (" + (a ? a->csq.hgvsc : "-") + (a && a->ref_mismatch ? ", REF mismatch" : "") + ") vs CIViC '" + expected + "'");
    }
    for (const auto& d : t.disagreements) MESSAGE("disagreement: " << d);
    MESSAGE("CIViC: " << t.agreed << " of " << t.compared << " identical (" << t.exact << " letter for letter, the rest differing only in notation the source leaves out), " << t.skipped << " rows without a modelled transcript, protein change or single allele");
    // The one expected disagreement: CIViC's BRAF V600D row gives bases CA>TA (only c.1800G>A,
    // synonymous) while its own HGVS says delinsAT; oncomatch annotates the bases it is given.
    CHECK(t.compared >= 150);
    CHECK(static_cast<double>(t.agreed) >= 0.995 * t.compared);
}

TEST_CASE("agreement: SnpEff ANN on the MANE transcripts (GRCh38 CTAT VCF)") {
    const auto pack = tx::read_pack(test::data_path("genemodels/GRCh38.pack"));
    // MANE Select pairs (MANE v1.0 summary): RefSeq used by SnpEff <-> Ensembl id in the pack.
    const std::map<std::string, std::string> mane = {{"NM_007294", "ENST00000357654"}, {"NM_000546", "ENST00000269305"}};
    std::ifstream in(test::data_path("agreement/snpeff.grch38.vcf"));
    REQUIRE(in);
    std::string line;
    Tally t;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        auto c = split_copy(line, '\t');
        auto ann = c[7].find("ANN=");
        if (ann == std::string::npos) continue;
        auto end = c[7].find(';', ann);
        for (const auto& entry : split_copy(c[7].substr(ann + 4, end == std::string::npos ? std::string::npos : end - ann - 4), ',')) {
            auto f = split_copy(entry, '|');
            if (f.size() < 11) continue;
            auto it = mane.find(vless(f[6]));
            if (it == mane.end()) continue;
            const auto* tr = by_id(pack, f[3], it->second);
            if (!tr) {
                ++t.skipped;
                continue;
            }
            auto a = hgvs::annotate_transcript(*tr, *parse_number<std::int64_t>(c[1]) - 1, c[3], f[0]);
            ++t.compared;
            const std::string own = a ? a->csq.hgvsp : "";
            if (a && !a->ref_mismatch && own == f[10] && a->csq.hgvsc == f[9]) ++t.agreed;
            else t.disagreements.push_back(c[0] + ":" + c[1] + " " + f[6] + ": own " + (a ? a->csq.hgvsc + " " + own : "-") + " vs SnpEff " + f[9] + " " + f[10]);
        }
    }
    for (const auto& d : t.disagreements) MESSAGE("disagreement: " << d);
    MESSAGE("SnpEff: " << t.agreed << " of " << t.compared << " identical (HGVS c. and p.)");
    CHECK(t.compared >= 5);
    CHECK(t.agreed == t.compared);
}

TEST_CASE("agreement: Genome Nexus hotspot residues sit on the same amino acid in the models") {
    const auto pack = tx::read_pack(test::data_path("genemodels/GRCh37.pack"));
    std::ifstream in(test::data_path("agreement/hotspot_residues.tsv"));
    REQUIRE(in);
    std::string line;
    std::getline(in, line);
    Tally t;
    std::map<const tx::Transcript*, std::string> proteins;
    // Same protein under a RefSeq id: MANE v1.0 pairs ENST00000371953 with NM_000314 (NP_000305.3),
    // and the UTA cache says its NM_000314.4 encodes NP_000305.3.
    const std::map<std::string, std::string> same_protein = {{"ENST00000371953", "NM_000314"}};
    while (std::getline(in, line)) {
        auto c = split_copy(line, '\t');
        const auto* tr = by_id(pack, c[0], c[4]);
        if (!tr && same_protein.count(vless(c[4]))) tr = by_id(pack, c[0], same_protein.at(vless(c[4])));
        if (!tr || !tr->coding()) {
            ++t.skipped;
            continue;
        }
        auto& prot = proteins[tr];
        if (prot.empty()) prot = hgvs::translate(std::string_view(tr->seq).substr(static_cast<std::size_t>(tr->cds_beg0), static_cast<std::size_t>(tr->cds_end0 - tr->cds_beg0)));
        const auto pos = *parse_number<std::size_t>(c[3]);
        ++t.compared;
        if (pos >= 1 && pos <= prot.size() && prot[pos - 1] == c[2][0]) ++t.agreed;
        else t.disagreements.push_back(c[0] + " " + c[1] + " on " + tr->id + ": model has " + (pos <= prot.size() ? std::string(1, prot[pos - 1]) : "nothing"));
    }
    for (const auto& d : t.disagreements) MESSAGE("disagreement: " << d);
    MESSAGE("hotspots: " << t.agreed << " of " << t.compared << " residues identical, " << t.skipped << " on transcripts without a model");
    CHECK(t.compared >= 50);
    CHECK(t.agreed == t.compared);
}
