// Cohort samples spilled to an anonymous temporary file (see header).
#include "oncomatch/report/cohort_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

#include "oncomatch/error.hpp"

namespace oncomatch {

namespace {

void put_u64(std::string& out, std::uint64_t x) {
    for (int i = 0; i < 8; ++i) out += static_cast<char>((x >> (8 * i)) & 0xFF);
}
void put_str(std::string& out, const std::string& s) {
    put_u64(out, s.size());
    out += s;
}

class Reader {
public:
    explicit Reader(std::string_view b) : b_(b) {}
    std::uint64_t u64() {
        need(8);
        std::uint64_t x = 0;
        for (int i = 0; i < 8; ++i) x |= static_cast<std::uint64_t>(static_cast<unsigned char>(b_[p_ + i])) << (8 * i);
        p_ += 8;
        return x;
    }
    std::string str() {
        const auto n = u64();
        need(n);
        std::string s(b_.substr(p_, n));
        p_ += n;
        return s;
    }
    bool done() const { return p_ == b_.size(); }

private:
    void need(std::uint64_t n) const {
        if (n > b_.size() - p_) throw std::runtime_error("cohort spill record is truncated");
    }
    std::string_view b_;
    std::size_t p_ = 0;
};

}  // namespace

std::string encode_cohort_sample(const CohortSample& s) {
    std::string out;
    out.reserve(256);
    for (const auto* f : {&s.sample, &s.input, &s.tumor_type, &s.notes, &s.status, &s.run, &s.error, &s.tumor_type_name, &s.genome}) put_str(out, *f);
    put_u64(out, static_cast<std::uint64_t>(static_cast<std::int64_t>(s.exit_code)));
    for (const auto n : {s.variants, s.tier3_variants, s.tier4_variants, s.trials, s.not_assessed}) put_u64(out, static_cast<std::uint64_t>(n));
    put_u64(out, s.findings.size());
    for (const auto& f : s.findings) {
        for (const auto* x : {&f.gene, &f.biomarker_id, &f.biomarker_label, &f.match_type, &f.variants}) put_str(out, *x);
        put_u64(out, f.tier ? 1 : 0);
        if (f.tier) put_str(out, *f.tier);
        put_u64(out, f.therapies.size());
        for (const auto& t : f.therapies) {
            put_str(out, t.drugs);
            put_str(out, t.direction);
            put_str(out, t.tier);
        }
    }
    return out;
}

CohortSample decode_cohort_sample(std::string_view bytes) {
    Reader r(bytes);
    CohortSample s;
    for (auto* f : {&s.sample, &s.input, &s.tumor_type, &s.notes, &s.status, &s.run, &s.error, &s.tumor_type_name, &s.genome}) *f = r.str();
    s.exit_code = static_cast<int>(static_cast<std::int64_t>(r.u64()));
    for (auto* n : {&s.variants, &s.tier3_variants, &s.tier4_variants, &s.trials, &s.not_assessed}) *n = static_cast<long long>(r.u64());
    const auto nf = r.u64();
    for (std::uint64_t i = 0; i < nf; ++i) {
        CohortFinding f;
        for (auto* x : {&f.gene, &f.biomarker_id, &f.biomarker_label, &f.match_type, &f.variants}) *x = r.str();
        if (r.u64()) f.tier = r.str();
        const auto nt = r.u64();
        for (std::uint64_t k = 0; k < nt; ++k) {
            CohortTherapy t;
            t.drugs = r.str();
            t.direction = r.str();
            t.tier = r.str();
            f.therapies.push_back(std::move(t));
        }
        s.findings.push_back(std::move(f));
    }
    if (!r.done()) throw std::runtime_error("cohort spill record has trailing bytes");
    return s;
}

CohortSpill::CohortSpill(const std::filesystem::path& dir, std::size_t n) : dir_(dir), where_(n) {
    std::string tmpl = (dir / ".oncomatch-cohort.XXXXXX").string();
    fd_ = ::mkstemp(tmpl.data());
    if (fd_ < 0)
        throw InputError(dir.string(), std::string("cannot create the cohort summary's temporary file: ") + std::strerror(errno),
                         "check that --out-dir is writable");
    ::unlink(tmpl.c_str());  // anonymous from now on: gone when the process ends, however it ends
}

CohortSpill::~CohortSpill() {
    if (fd_ >= 0) ::close(fd_);
}

void CohortSpill::put(std::size_t i, const CohortSample& s) {
    const std::string rec = encode_cohort_sample(s);
    std::lock_guard<std::mutex> lock(mu_);
    std::size_t done = 0;
    while (done < rec.size()) {
        const ssize_t w = ::pwrite(fd_, rec.data() + done, rec.size() - done, static_cast<off_t>(end_ + done));
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0)
            throw InputError(dir_.string(), std::string("cannot write the cohort summary's temporary file: ") + std::strerror(errno),
                             "is the disk full?");
        done += static_cast<std::size_t>(w);
    }
    where_.at(i) = {end_, static_cast<std::uint32_t>(rec.size())};
    end_ += rec.size();
}

CohortSample CohortSpill::get(std::size_t i) const {
    Where w;
    {
        std::lock_guard<std::mutex> lock(mu_);
        w = where_.at(i);
    }
    if (w.length == 0) return CohortSample{};
    std::string buf(w.length, '\0');
    std::size_t done = 0;
    while (done < buf.size()) {
        const ssize_t r = ::pread(fd_, buf.data() + done, buf.size() - done, static_cast<off_t>(w.offset + done));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0)
            throw InputError(dir_.string(), std::string("cannot read back the cohort summary's temporary file: ") + std::strerror(errno));
        done += static_cast<std::size_t>(r);
    }
    return decode_cohort_sample(buf);
}

void CohortSpill::for_each(const std::function<void(const CohortSample&)>& visit) const {
    for (std::size_t i = 0; i < where_.size(); ++i) visit(get(i));
}

}  // namespace oncomatch
