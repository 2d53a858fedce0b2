// Genome build detection from ##contig lengths and ##reference, and chromosome name folding.
#include "oncomatch/genome/build.hpp"

#include <array>

#include "oncomatch/util/strings.hpp"

namespace oncomatch {
namespace {

struct PrimaryLength {
    const char* name;
    long long grch37;
    long long grch38;
};

// Lengths of the primary assembly chromosomes (also in the UCSC liftover chain headers).
constexpr std::array<PrimaryLength, 25> kPrimary = {{
    {"1", 249250621, 248956422},  {"2", 243199373, 242193529},  {"3", 198022430, 198295559},
    {"4", 191154276, 190214555},  {"5", 180915260, 181538259},  {"6", 171115067, 170805979},
    {"7", 159138663, 159345973},  {"8", 146364022, 145138636},  {"9", 141213431, 138394717},
    {"10", 135534747, 133797422}, {"11", 135006516, 135086622}, {"12", 133851895, 133275309},
    {"13", 115169878, 114364328}, {"14", 107349540, 107043718}, {"15", 102531392, 101991189},
    {"16", 90354753, 90338345},   {"17", 81195210, 83257441},   {"18", 78077248, 80373285},
    {"19", 59128983, 58617616},   {"20", 63025520, 64444167},   {"21", 48129895, 46709983},
    {"22", 51304566, 50818468},   {"X", 155270560, 156040895},  {"Y", 59373566, 57227415},
    {"MT", 16569, 16569},
}};

}  // namespace

std::string_view build_name(Build b) { return b == Build::GRCh37 ? "GRCh37" : "GRCh38"; }

Build other_build(Build b) { return b == Build::GRCh37 ? Build::GRCh38 : Build::GRCh37; }

std::optional<Build> parse_build(std::string_view s) {
    auto l = to_lower(trim(s));
    if (l == "grch38" || l == "hg38" || l == "hs38" || l == "b38") return Build::GRCh38;
    if (l == "grch37" || l == "hg19" || l == "b37" || l == "hs37d5" || l == "hs37") return Build::GRCh37;
    return std::nullopt;
}

std::string normalise_chrom(std::string_view chrom) {
    std::string_view c = chrom;
    if (c.size() > 3 && (c.substr(0, 3) == "chr" || c.substr(0, 3) == "Chr" || c.substr(0, 3) == "CHR"))
        c.remove_prefix(3);
    if (c == "M" || c == "m" || c == "Mt" || c == "mt") return "MT";
    if (c == "x") return "X";
    if (c == "y") return "Y";
    return std::string(c);
}

long long primary_contig_length(Build b, std::string_view chrom) {
    auto n = normalise_chrom(chrom);
    for (const auto& p : kPrimary)
        if (n == p.name) return b == Build::GRCh37 ? p.grch37 : p.grch38;
    return 0;
}

BuildEvidence detect_build(const std::vector<ContigInfo>& contigs, std::string_view reference_value) {
    BuildEvidence ev;
    int fits37 = 0, fits38 = 0;
    std::string first37, first38;
    for (const auto& c : contigs) {
        if (c.length <= 0) continue;
        auto n = normalise_chrom(c.name);
        for (const auto& p : kPrimary) {
            if (n != p.name || n == "MT") continue;  // MT is identical in both builds
            std::string detail = "##contig " + c.name + " length " + std::to_string(c.length);
            if (c.length == p.grch37) {
                ++fits37;
                if (first37.empty()) first37 = detail;
            } else if (c.length == p.grch38) {
                ++fits38;
                if (first38.empty()) first38 = detail;
            }
        }
    }
    if (fits37 && fits38) {
        ev.contigs_conflict = true;
        ev.conflict_detail = first37 + " is GRCh37 but " + first38 + " is GRCh38";
    } else if (fits37) {
        ev.from_contigs = Build::GRCh37;
        ev.contig_detail = first37;
    } else if (fits38) {
        ev.from_contigs = Build::GRCh38;
        ev.contig_detail = first38;
    }
    ev.reference_line = std::string(reference_value);
    if (!reference_value.empty()) {
        auto l = to_lower(reference_value);
        const bool is38 = l.find("grch38") != std::string::npos || l.find("hg38") != std::string::npos ||
                          l.find("hs38") != std::string::npos || l.find("gca_000001405.15") != std::string::npos ||
                          l.find("b38") != std::string::npos || l.find("assembly38") != std::string::npos;  // GATK bundle: Homo_sapiens_assembly38.fasta
        const bool is37 = l.find("grch37") != std::string::npos || l.find("hg19") != std::string::npos ||
                          l.find("hs37") != std::string::npos || l.find("b37") != std::string::npos ||
                          l.find("human_g1k_v37") != std::string::npos || l.find("ucsc.hg19") != std::string::npos ||
                          l.find("assembly19") != std::string::npos;  // GATK bundle: Homo_sapiens_assembly19.fasta
        if (is38 != is37) ev.from_reference = is38 ? Build::GRCh38 : Build::GRCh37;
    }
    return ev;
}

}  // namespace oncomatch
