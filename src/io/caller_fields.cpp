// Caller-specific depth / allele-fraction extraction (see header for the list of callers).
#include "oncomatch/io/caller_fields.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "oncomatch/util/strings.hpp"

namespace oncomatch {
namespace {

// A field's values for one sample: a few numbers (AD has one per allele), held inline so reading
// one costs no allocation; longer lists spill to the heap.
class Values {
public:
    void push_back(double x) {
        if (n_ < kInline) inline_[n_] = x;
        else more_.push_back(x);
        ++n_;
    }
    std::size_t size() const { return n_; }
    bool empty() const { return n_ == 0; }
    double operator[](std::size_t i) const { return i < kInline ? inline_[i] : more_[i - kInline]; }
    struct Iter {
        const Values* v;
        std::size_t i;
        double operator*() const { return (*v)[i]; }
        Iter& operator++() {
            ++i;
            return *this;
        }
        bool operator!=(const Iter& o) const { return i != o.i; }
    };
    Iter begin() const { return {this, 0}; }
    Iter end() const { return {this, n_}; }

private:
    static constexpr std::size_t kInline = 16;
    double inline_[kInline];
    std::size_t n_ = 0;
    std::vector<double> more_;
};

// All values of a FORMAT field for one sample as doubles (NaN for missing), or nullopt when
// the field is absent. Numbers are read straight from the record's typed array (no copy of every
// sample's values, no allocation); string fields ("38.46%", "21,8") are parsed.
std::optional<Values> format_values(const bcf_hdr_t* hdr, bcf1_t* rec, int sample, const char* tag) {
    if (sample < 0) return std::nullopt;
    const int id = bcf_hdr_id2int(hdr, BCF_DT_ID, tag);
    if (id < 0 || !bcf_hdr_idinfo_exists(hdr, BCF_HL_FMT, id)) return std::nullopt;
    if (!(rec->unpacked & BCF_UN_FMT) && bcf_unpack(rec, BCF_UN_FMT) < 0) return std::nullopt;
    const bcf_fmt_t* fmt = nullptr;
    for (int i = 0; i < static_cast<int>(rec->n_fmt); ++i)
        if (rec->d.fmt[i].id == id) {
            fmt = &rec->d.fmt[i];
            break;
        }
    if (!fmt || !fmt->p || fmt->n <= 0 || sample >= bcf_hdr_nsamples(hdr)) return std::nullopt;
    const int type = bcf_hdr_id2type(hdr, BCF_HL_FMT, id);
    Values out;
    if (type == BCF_HT_INT || type == BCF_HT_REAL) {
        const std::uint8_t* p = fmt->p + static_cast<std::size_t>(sample) * static_cast<std::size_t>(fmt->size);
        for (int k = 0; k < fmt->n; ++k) {
            switch (fmt->type) {
                case BCF_BT_INT8: {
                    const auto x = static_cast<std::int8_t>(p[k]);
                    if (x == bcf_int8_vector_end) return out;
                    out.push_back(x == bcf_int8_missing ? NAN : static_cast<double>(x));
                    break;
                }
                case BCF_BT_INT16: {
                    const std::int16_t x = le_to_i16(p + 2 * k);
                    if (x == bcf_int16_vector_end) return out;
                    out.push_back(x == bcf_int16_missing ? NAN : static_cast<double>(x));
                    break;
                }
                case BCF_BT_INT32: {
                    const std::int32_t x = le_to_i32(p + 4 * k);
                    if (x == bcf_int32_vector_end) return out;
                    out.push_back(x == bcf_int32_missing ? NAN : static_cast<double>(x));
                    break;
                }
                case BCF_BT_FLOAT: {
                    const float x = le_to_float(p + 4 * k);
                    if (bcf_float_is_vector_end(x)) return out;
                    out.push_back(bcf_float_is_missing(x) ? NAN : static_cast<double>(x));
                    break;
                }
                default: return std::nullopt;  // a numeric field stored as text: not one htslib wrote
            }
        }
        return out;
    }
    if (type != BCF_HT_STR) return std::nullopt;
    char** buf = nullptr;
    int n = 0;
    int got = bcf_get_format_string(hdr, rec, tag, &buf, &n);
    if (got <= 0) {
        if (buf) { std::free(buf[0]); std::free(buf); }
        return std::nullopt;
    }
    std::string s(buf[sample]);
    std::free(buf[0]);
    std::free(buf);
    for (auto part : split(s, ',')) {
        auto p = trim(part);
        bool pct = !p.empty() && p.back() == '%';
        if (pct) p.remove_suffix(1);
        auto d = parse_double(p);
        out.push_back(d ? (pct ? *d / 100.0 : *d) : NAN);
    }
    return out;
}

std::optional<std::vector<double>> info_values(const bcf_hdr_t* hdr, bcf1_t* rec, const char* tag) {
    const int id = bcf_hdr_id2int(hdr, BCF_DT_ID, tag);
    if (id < 0 || !bcf_hdr_idinfo_exists(hdr, BCF_HL_INFO, id)) return std::nullopt;
    const int type = bcf_hdr_id2type(hdr, BCF_HL_INFO, id);
    std::vector<double> out;
    if (type == BCF_HT_INT) {
        int32_t* buf = nullptr;
        int n = 0;
        int got = bcf_get_info_int32(hdr, rec, tag, &buf, &n);
        for (int i = 0; i < got; ++i) out.push_back(buf[i] == bcf_int32_missing ? NAN : buf[i]);
        std::free(buf);
        if (got <= 0) return std::nullopt;
    } else if (type == BCF_HT_REAL) {
        float* buf = nullptr;
        int n = 0;
        int got = bcf_get_info_float(hdr, rec, tag, &buf, &n);
        for (int i = 0; i < got; ++i) out.push_back(bcf_float_is_missing(buf[i]) ? NAN : static_cast<double>(buf[i]));
        std::free(buf);
        if (got <= 0) return std::nullopt;
    } else if (type == BCF_HT_STR) {
        char* buf = nullptr;
        int n = 0;
        int got = bcf_get_info_string(hdr, rec, tag, &buf, &n);
        if (got > 0)
            for (auto part : split(std::string_view(buf, std::strlen(buf)), ',')) {
                auto d = parse_double(part);
                out.push_back(d ? *d : NAN);
            }
        std::free(buf);
        if (got <= 0) return std::nullopt;
    } else {
        return std::nullopt;
    }
    return out;
}

// Value for one ALT allele from a per-allele vector: Number=A -> [alt-1], Number=R (or one
// value per allele) -> [alt], Number=1 -> [0].
template <typename Vec>
std::optional<double> pick_allele(const bcf_hdr_t* hdr, int hl, const char* tag, const Vec& v, int alt, int n_allele) {
    const int id = bcf_hdr_id2int(hdr, BCF_DT_ID, tag);
    const int len = id >= 0 ? bcf_hdr_id2length(hdr, hl, id) : BCF_VL_VAR;
    std::size_t idx;
    if (len == BCF_VL_A) idx = static_cast<std::size_t>(alt - 1);
    else if (len == BCF_VL_R) idx = static_cast<std::size_t>(alt);
    else if (len == BCF_VL_FIXED && bcf_hdr_id2number(hdr, hl, id) == 1) idx = 0;
    else if (v.size() == static_cast<std::size_t>(n_allele)) idx = static_cast<std::size_t>(alt);
    else if (v.size() == static_cast<std::size_t>(n_allele - 1)) idx = static_cast<std::size_t>(alt - 1);
    else if (v.size() == 1) idx = 0;
    else return std::nullopt;
    if (idx >= v.size() || std::isnan(v[idx])) return std::nullopt;
    return v[idx];
}

bool valid_vaf(double x) { return x >= 0.0 && x <= 1.0 + 1e-9; }

std::optional<int> as_depth(double x) {
    if (std::isnan(x) || x < 0) return std::nullopt;
    return static_cast<int>(std::lround(x));
}

}  // namespace

DepthVaf extract_depth_vaf(const bcf_hdr_t* hdr, bcf1_t* rec, int sample, int alt, const CallerFieldOptions& opts) {
    DepthVaf r;
    const int n_allele = rec->n_allele;
    auto fmt = [&](const char* tag) { return format_values(hdr, rec, sample, tag); };

    // 1. User-named fields.
    if (!opts.vaf_field.empty()) {
        const char* t = opts.vaf_field.c_str();
        if (auto v = fmt(t)) {
            if (auto x = pick_allele(hdr, BCF_HL_FMT, t, *v, alt, n_allele)) { r.vaf = *x > 1.0 ? *x / 100.0 : *x; r.vaf_source = "FORMAT/" + opts.vaf_field; }
        } else if (auto w = info_values(hdr, rec, t)) {
            if (auto x = pick_allele(hdr, BCF_HL_INFO, t, *w, alt, n_allele)) { r.vaf = *x > 1.0 ? *x / 100.0 : *x; r.vaf_source = "INFO/" + opts.vaf_field; }
        }
    }
    if (!opts.depth_field.empty()) {
        const char* t = opts.depth_field.c_str();
        if (auto v = fmt(t); v && !v->empty()) {
            if (auto d = as_depth((*v)[0])) { r.depth = d; r.depth_source = "FORMAT/" + opts.depth_field; }
        } else if (auto w = info_values(hdr, rec, t); w && !w->empty()) {
            if (auto d = as_depth((*w)[0])) { r.depth = d; r.depth_source = "INFO/" + opts.depth_field; }
        }
    }

    // 2. Allele counts, caller by caller: (ref count, alt count, total) where known.
    std::optional<double> alt_count, total_count;
    std::string count_source;
    if (auto ad = fmt("AD")) {
        auto rd = fmt("RD");
        if (rd && !rd->empty() && ad->size() == 1) {  // VarScan 2: AD is the ALT count, RD the REF count
            if (!std::isnan((*ad)[0]) && !std::isnan((*rd)[0])) {
                alt_count = (*ad)[0];
                total_count = (*ad)[0] + (*rd)[0];
                count_source = "FORMAT/AD+RD";
            }
        } else if (ad->size() == static_cast<std::size_t>(n_allele)) {  // REF then each ALT
            double sum = 0;
            bool ok = true;
            for (double x : *ad) { if (std::isnan(x)) ok = false; else sum += x; }
            if (ok) {
                alt_count = (*ad)[static_cast<std::size_t>(alt)];
                total_count = sum;
                count_source = "FORMAT/AD";
            }
        }
    }
    if (!alt_count) {
        if (auto ao = fmt("AO")) {  // FreeBayes
            auto ro = fmt("RO");
            double sum = ro && !ro->empty() && !std::isnan((*ro)[0]) ? (*ro)[0] : NAN;
            for (double x : *ao) sum += std::isnan(x) ? NAN : x;
            if (static_cast<std::size_t>(alt - 1) < ao->size() && !std::isnan(sum)) {
                alt_count = (*ao)[static_cast<std::size_t>(alt - 1)];
                total_count = sum;
                count_source = "FORMAT/AO+RO";
            }
        }
    }
    if (!alt_count && rec->n_allele == 2) {
        // Strelka SNVs: tier-1 counts of each base.
        auto au = fmt("AU"), cu = fmt("CU"), gu = fmt("GU"), tu = fmt("TU");
        if (au && cu && gu && tu && !au->empty() && !cu->empty() && !gu->empty() && !tu->empty()) {
            const char a = static_cast<char>(std::toupper(static_cast<unsigned char>(rec->d.allele[alt][0])));
            const double counts[4] = {(*au)[0], (*cu)[0], (*gu)[0], (*tu)[0]};
            const int k = a == 'A' ? 0 : a == 'C' ? 1 : a == 'G' ? 2 : a == 'T' ? 3 : -1;
            double sum = counts[0] + counts[1] + counts[2] + counts[3];
            if (k >= 0 && !std::isnan(sum)) {
                alt_count = counts[k];
                total_count = sum;
                count_source = "FORMAT/AU,CU,GU,TU";
            }
        }
        // Strelka indels: tier-1 REF/indel-supporting read counts.
        auto tar = fmt("TAR"), tir = fmt("TIR");
        if (!alt_count && tar && tir && !tar->empty() && !tir->empty() && !std::isnan((*tar)[0]) && !std::isnan((*tir)[0])) {
            alt_count = (*tir)[0];
            total_count = (*tar)[0] + (*tir)[0];
            count_source = "FORMAT/TAR,TIR";
        }
        // SomaticSniper / VarScan strand counts: ref-fwd, ref-rev, alt-fwd, alt-rev.
        auto dp4 = fmt("DP4");
        if (!alt_count && dp4 && dp4->size() == 4) {
            double sum = (*dp4)[0] + (*dp4)[1] + (*dp4)[2] + (*dp4)[3];
            if (!std::isnan(sum)) {
                alt_count = (*dp4)[2] + (*dp4)[3];
                total_count = sum;
                count_source = "FORMAT/DP4";
            }
        }
    }
    if (!alt_count) {  // TCGA examples: ADT "ref,alt" strings
        if (auto adt = fmt("ADT"); adt && adt->size() == static_cast<std::size_t>(n_allele)) {
            double sum = 0;
            bool ok = true;
            for (double x : *adt) { if (std::isnan(x)) ok = false; else sum += x; }
            if (ok) {
                alt_count = (*adt)[static_cast<std::size_t>(alt)];
                total_count = sum;
                count_source = "FORMAT/ADT";
            }
        }
    }
    if (!alt_count && rec->n_allele == 2) {  // VarDict: VD is the ALT depth
        auto vd = fmt("VD");
        auto dp = fmt("DP");
        if (vd && dp && !vd->empty() && !dp->empty() && !std::isnan((*vd)[0]) && !std::isnan((*dp)[0])) {
            alt_count = (*vd)[0];
            total_count = (*dp)[0];
            count_source = "FORMAT/VD+DP";
        }
    }

    // 3. Allele fraction: a caller's own fraction field, else from counts.
    if (!r.vaf) {
        for (const char* tag : {"AF", "FA", "VAF", "FREQ"}) {
            auto v = fmt(tag);
            if (!v) continue;
            if (auto x = pick_allele(hdr, BCF_HL_FMT, tag, *v, alt, n_allele); x && valid_vaf(*x)) {
                r.vaf = *x;
                r.vaf_source = std::string("FORMAT/") + tag;
                break;
            }
        }
    }
    if (!r.vaf && alt_count && total_count && *total_count > 0) {
        r.vaf = *alt_count / *total_count;
        r.vaf_source = count_source;
    }
    if (!r.vaf) {
        if (auto tv = info_values(hdr, rec, "TVAF")) {
            if (auto x = pick_allele(hdr, BCF_HL_INFO, "TVAF", *tv, alt, n_allele); x && valid_vaf(*x)) {
                r.vaf = *x;
                r.vaf_source = "INFO/TVAF";
            }
        }
    }

    // 4. Depth: FORMAT DP, the TCGA DPT, else the counts' total, else INFO TDP.
    if (!r.depth) {
        for (const char* tag : {"DP", "DPT"}) {
            auto v = fmt(tag);
            if (v && !v->empty()) {
                if (auto d = as_depth((*v)[0])) {
                    r.depth = d;
                    r.depth_source = std::string("FORMAT/") + tag;
                    break;
                }
            }
        }
    }
    if (!r.depth && total_count) {
        r.depth = as_depth(*total_count);
        r.depth_source = count_source;
    }
    if (!r.depth) {
        if (auto v = info_values(hdr, rec, "TDP"); v && !v->empty()) {
            if (auto d = as_depth((*v)[0])) {
                r.depth = d;
                r.depth_source = "INFO/TDP";
            }
        }
    }
    if (r.vaf && !valid_vaf(*r.vaf)) r.vaf.reset();
    return r;
}

}  // namespace oncomatch
