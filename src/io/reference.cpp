// faidx-backed reference access (see header).
#include "oncomatch/io/reference.hpp"

#include <cctype>
#include <filesystem>

#include "oncomatch/error.hpp"
#include "oncomatch/genome/build.hpp"

namespace oncomatch {

ReferenceFasta::ReferenceFasta(const std::string& path) : path_(path) {
    if (!std::filesystem::exists(path)) throw InputError(path, "reference FASTA not found", "check --reference");
    fai_.reset(fai_load(path.c_str()));
    if (!fai_) throw InputError(path, "cannot load or index the reference FASTA", "run 'samtools faidx " + path + "' (and make the folder writable)");
}

std::string ReferenceFasta::resolve(const std::string& chrom) const {
    if (faidx_has_seq(fai_.get(), chrom.c_str())) return chrom;
    const auto n = normalise_chrom(chrom);
    for (const std::string& cand : {n, "chr" + n, n == "MT" ? std::string("chrM") : std::string()}) {
        if (!cand.empty() && faidx_has_seq(fai_.get(), cand.c_str())) return cand;
    }
    return {};
}

bool ReferenceFasta::has_contig(const std::string& chrom) const { return !resolve(chrom).empty(); }

std::string ReferenceFasta::fetch(const std::string& chrom, std::int64_t beg0, std::int64_t end0) const {
    const auto name = resolve(chrom);
    if (name.empty() || end0 <= beg0 || beg0 < 0) return {};
    hts_pos_t len = 0;
    char* seq = faidx_fetch_seq64(fai_.get(), name.c_str(), beg0, end0 - 1, &len);
    if (!seq) return {};
    std::string out(seq, static_cast<std::size_t>(len > 0 ? len : 0));
    std::free(seq);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace oncomatch
