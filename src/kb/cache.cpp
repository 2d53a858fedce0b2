// Compiled knowledgebase cache (see kb/cache.hpp): a flat binary encoding of every model type.
#include "oncomatch/kb/cache.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "oncomatch/util/atomic_file.hpp"
#include "oncomatch/util/sha256.hpp"
#include "oncomatch/version.hpp"

namespace fs = std::filesystem;

namespace oncomatch::kb {
namespace {

constexpr char kMagic[] = "OMKBCACHE";  // 9 bytes written, no terminator
constexpr std::size_t kMagicLen = sizeof(kMagic) - 1;
constexpr int kMaxRuleDepth = 256;

// Word-at-a-time 64-bit checksum (not cryptographic: it only detects damaged files).
std::uint64_t checksum(const char* p, std::size_t n) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
    auto mix = [&h](std::uint64_t w) {
        h ^= w * 0xff51afd7ed558ccdULL;
        h = (h << 31) | (h >> 33);
        h *= 0xc4ceb9fe1a85ec53ULL;
    };
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        mix(w);
    }
    std::uint64_t tail = 0;
    if (i < n) std::memcpy(&tail, p + i, n - i);
    mix(tail);
    h ^= h >> 29;
    return h;
}

// ---- writing ------------------------------------------------------------------------------

class Writer {
public:
    std::string buf;

    template <typename T>
    void pod(T v) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto old = buf.size();
        buf.resize(old + sizeof(T));
        std::memcpy(buf.data() + old, &v, sizeof(T));
    }
    void u32(std::size_t v) { pod<std::uint32_t>(static_cast<std::uint32_t>(v)); }
    void i64(std::int64_t v) { pod<std::int64_t>(v); }
    void i32(int v) { pod<std::int32_t>(v); }
    void u8(unsigned v) { pod<std::uint8_t>(static_cast<std::uint8_t>(v)); }
    void flag(bool v) { u8(v ? 1 : 0); }
    void str(const std::string& s) {
        u32(s.size());
        buf.append(s);
    }
    void strs(const std::vector<std::string>& v) {
        u32(v.size());
        for (const auto& s : v) str(s);
    }
    template <typename T, typename F>
    void list(const std::vector<T>& v, F&& f) {
        u32(v.size());
        for (const auto& x : v) f(x);
    }
};

void put(Writer& w, const SourcePos& p) {
    w.str(p.file);
    w.i32(p.line);
    w.i32(p.col);
}

void put(Writer& w, const GenomicAllele& a) {
    w.str(a.chrom);
    w.i64(a.pos0);
    w.str(a.ref);
    w.str(a.alt);
}

void put_alleles(Writer& w, const std::array<std::vector<GenomicAllele>, kBuildCount>& a) {
    for (const auto& v : a) w.list(v, [&](const GenomicAllele& x) { put(w, x); });
}

void put(Writer& w, const Rule& r) {
    w.u8(static_cast<unsigned>(r.kind));
    w.str(r.gene);
    put_alleles(w, r.alleles);
    w.str(r.protein);
    w.i32(r.codon);
    w.pod<char>(r.codon_aa);
    w.i32(r.exon);
    w.u8(static_cast<unsigned>(r.cls));
    w.str(r.five_prime);
    w.str(r.three_prime);
    w.str(r.copy_number);
    w.str(r.signature);
    w.pod<double>(r.tmb_min);
    w.strs(r.hla);
    w.str(r.expression);
    w.str(r.expression_method);
    w.list(r.children, [&](const Rule& c) { put(w, c); });
    w.str(r.ref_id);
    put(w, r.where);
}

void put(Writer& w, const Gene& g) {
    w.str(g.symbol);
    w.str(g.role);
    for (const auto& s : g.ensembl) w.str(s);
    for (const auto& s : g.refseq) w.str(s);
    for (const auto& l : g.location) {
        w.flag(l.has_value());
        if (!l) continue;
        w.str(l->chrom);
        w.i64(l->beg0);
        w.i64(l->end0);
    }
    for (const auto& t : g.exons) {
        w.flag(t.has_value());
        if (!t) continue;
        w.str(t->transcript);
        w.str(t->chrom);
        w.pod<char>(t->strand);
        w.list(t->exons, [&](const Exon& e) {
            w.i32(e.number);
            w.i64(e.beg0);
            w.i64(e.end0);
        });
    }
    put(w, g.where);
}

void put(Writer& w, const Biomarker& b) {
    w.str(b.id);
    w.str(b.label);
    w.str(b.gene);
    put(w, b.rule);
    put_alleles(w, b.alleles);
    w.str(b.origin);
    w.str(b.source);
    w.flag(b.retired);
    put(w, b.where);
}

void put(Writer& w, const Evidence& e) {
    w.str(e.id);
    w.str(e.biomarker);
    w.strs(e.tumor_types);
    w.strs(e.exclude_tumor_types);
    w.strs(e.drugs);
    w.flag(e.combination);
    w.str(e.direction);
    w.str(e.level);
    w.str(e.source_level);
    w.list(e.requirements, [&](const std::pair<std::string, std::string>& kv) {
        w.str(kv.first);
        w.str(kv.second);
    });
    w.list(e.approvals, [&](const Approval& a) {
        w.str(a.agency);
        w.i32(a.year);
        w.str(a.indication);
    });
    w.list(e.citations, [&](const Citation& c) {
        w.str(c.kind);
        w.str(c.value);
    });
    w.str(e.source);
    w.str(e.source_id);
    w.str(e.summary);
    w.str(e.last_reviewed);
    w.str(e.review);
    w.flag(e.retired);
    w.flag(e.local);
    put(w, e.where);
}

void put_opt_int(Writer& w, const std::optional<int>& v) {
    w.flag(v.has_value());
    if (v) w.i32(*v);
}

void put(Writer& w, const Trial& t) {
    w.str(t.nct_id);
    w.str(t.title);
    w.str(t.phase);
    w.str(t.status);
    w.str(t.status_as_of);
    w.strs(t.interventions);
    w.flag(t.criteria.has_value());
    if (t.criteria) put(w, *t.criteria);
    w.strs(t.tumor_types);
    w.strs(t.exclude_tumor_types);
    put_opt_int(w, t.age_min);
    put_opt_int(w, t.age_max);
    w.str(t.sex);
    w.list(t.sites, [&](const Site& s) {
        w.str(s.country);
        w.str(s.city);
        w.str(s.facility);
    });
    w.str(t.summary);
    w.str(t.review);
    w.flag(t.retired);
    put(w, t.where);
}

void put(Writer& w, const Drug& d) {
    w.str(d.name);
    w.strs(d.synonyms);
    w.strs(d.classes);
    w.strs(d.targets);
    w.u32(d.names.size());
    for (const auto& [lang, name] : d.names) {
        w.str(lang);
        w.str(name);
    }
    w.str(d.source);
    put(w, d.where);
}

void put(Writer& w, const TumourType& t) {
    w.str(t.code);
    w.str(t.parent);
    w.str(t.name);
    w.str(t.main_type);
    w.str(t.tissue);
    w.str(t.name_zh);
}

void put_payload(Writer& w, const Knowledgebase& kb) {
    w.str(kb.name);
    w.str(kb.version);
    w.list(kb.builds, [&](Build b) { w.u8(static_cast<unsigned>(b)); });
    w.list(kb.sources, [&](const Source& s) {
        w.str(s.name);
        w.str(s.version_or_date);
        w.str(s.licence);
        w.str(s.url);
    });
    w.str(kb.sha256);
    w.list(kb.genes, [&](const Gene& x) { put(w, x); });
    w.list(kb.biomarkers, [&](const Biomarker& x) { put(w, x); });
    w.list(kb.evidence, [&](const Evidence& x) { put(w, x); });
    w.list(kb.trials, [&](const Trial& x) { put(w, x); });
    w.list(kb.drugs, [&](const Drug& x) { put(w, x); });
    w.list(kb.oncotree.all(), [&](const TumourType& x) { put(w, x); });
    // The DOID map sorted, so equal knowledgebases give byte-identical caches.
    std::vector<std::pair<std::string, std::string>> doid(kb.doid_to_oncotree.begin(), kb.doid_to_oncotree.end());
    std::sort(doid.begin(), doid.end());
    w.list(doid, [&](const std::pair<std::string, std::string>& kv) {
        w.str(kv.first);
        w.str(kv.second);
    });
}

// ---- reading ------------------------------------------------------------------------------

struct Corrupt {};  // thrown inside this file only; load_cache turns it into nullptr

class Reader {
public:
    Reader(const char* p, std::size_t n) : p_(p), end_(p + n) {}
    bool at_end() const { return p_ == end_; }
    std::size_t left() const { return static_cast<std::size_t>(end_ - p_); }

    template <typename T>
    T pod() {
        if (left() < sizeof(T)) throw Corrupt{};
        T v;
        std::memcpy(&v, p_, sizeof(T));
        p_ += sizeof(T);
        return v;
    }
    std::uint32_t u32() { return pod<std::uint32_t>(); }
    std::int64_t i64() { return pod<std::int64_t>(); }
    int i32() { return pod<std::int32_t>(); }
    unsigned u8() { return pod<std::uint8_t>(); }
    bool flag() {
        auto v = u8();
        if (v > 1) throw Corrupt{};
        return v == 1;
    }
    void str(std::string& s) {
        const auto n = u32();
        if (n > left()) throw Corrupt{};
        s.assign(p_, n);
        p_ += n;
    }
    std::string str() {
        std::string s;
        str(s);
        return s;
    }
    // An element count; every element takes at least one byte, which bounds the allocation.
    std::size_t count() {
        const auto n = u32();
        if (n > left()) throw Corrupt{};
        return n;
    }
    void strs(std::vector<std::string>& v) {
        v.resize(count());
        for (auto& s : v) str(s);
    }
    template <typename T, typename F>
    void list(std::vector<T>& v, F&& f) {
        const auto n = count();
        v.reserve(n);
        advise_huge(v.data(), n * sizeof(T));
        v.resize(n);
        for (auto& x : v) f(x);
    }

private:
    // Large arrays (the evidence list of a big knowledgebase) are backed by transparent huge
    // pages where the kernel allows it: far fewer page faults than 4 KiB pages.
    static void advise_huge(const void* p, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
        constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
        if (bytes < 2 * kHuge) return;
        const auto beg = (reinterpret_cast<std::uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
        const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kHuge - 1);
        if (end > beg) ::madvise(reinterpret_cast<void*>(beg), end - beg, MADV_HUGEPAGE);
#else
        (void)p;
        (void)bytes;
#endif
    }

    const char* p_;
    const char* end_;
};

void get(Reader& r, SourcePos& p) {
    r.str(p.file);
    p.line = r.i32();
    p.col = r.i32();
}

void get(Reader& r, GenomicAllele& a) {
    r.str(a.chrom);
    a.pos0 = r.i64();
    r.str(a.ref);
    r.str(a.alt);
}

void get_alleles(Reader& r, std::array<std::vector<GenomicAllele>, kBuildCount>& a) {
    for (auto& v : a) r.list(v, [&](GenomicAllele& x) { get(r, x); });
}

void get(Reader& r, Rule& x, int depth) {
    if (depth > kMaxRuleDepth) throw Corrupt{};
    const auto kind = r.u8();
    if (kind > static_cast<unsigned>(RuleKind::ref)) throw Corrupt{};
    x.kind = static_cast<RuleKind>(kind);
    r.str(x.gene);
    get_alleles(r, x.alleles);
    r.str(x.protein);
    x.codon = r.i32();
    x.codon_aa = r.pod<char>();
    x.exon = r.i32();
    const auto cls = r.u8();
    if (cls > static_cast<unsigned>(VariantClass::inframe_insertion)) throw Corrupt{};
    x.cls = static_cast<VariantClass>(cls);
    r.str(x.five_prime);
    r.str(x.three_prime);
    r.str(x.copy_number);
    r.str(x.signature);
    x.tmb_min = r.pod<double>();
    r.strs(x.hla);
    r.str(x.expression);
    r.str(x.expression_method);
    r.list(x.children, [&](Rule& c) { get(r, c, depth + 1); });
    r.str(x.ref_id);
    get(r, x.where);
}

void get(Reader& r, Gene& g) {
    r.str(g.symbol);
    r.str(g.role);
    for (auto& s : g.ensembl) r.str(s);
    for (auto& s : g.refseq) r.str(s);
    for (auto& l : g.location) {
        if (!r.flag()) continue;
        GeneLocation loc;
        r.str(loc.chrom);
        loc.beg0 = r.i64();
        loc.end0 = r.i64();
        l = std::move(loc);
    }
    for (auto& t : g.exons) {
        if (!r.flag()) continue;
        ExonTable table;
        r.str(table.transcript);
        r.str(table.chrom);
        table.strand = r.pod<char>();
        r.list(table.exons, [&](Exon& e) {
            e.number = r.i32();
            e.beg0 = r.i64();
            e.end0 = r.i64();
        });
        t = std::move(table);
    }
    get(r, g.where);
}

void get(Reader& r, Biomarker& b) {
    r.str(b.id);
    r.str(b.label);
    r.str(b.gene);
    get(r, b.rule, 0);
    get_alleles(r, b.alleles);
    r.str(b.origin);
    r.str(b.source);
    b.retired = r.flag();
    get(r, b.where);
}

void get(Reader& r, Evidence& e) {
    r.str(e.id);
    r.str(e.biomarker);
    r.strs(e.tumor_types);
    r.strs(e.exclude_tumor_types);
    r.strs(e.drugs);
    e.combination = r.flag();
    r.str(e.direction);
    r.str(e.level);
    r.str(e.source_level);
    r.list(e.requirements, [&](std::pair<std::string, std::string>& kv) {
        r.str(kv.first);
        r.str(kv.second);
    });
    r.list(e.approvals, [&](Approval& a) {
        r.str(a.agency);
        a.year = r.i32();
        r.str(a.indication);
    });
    r.list(e.citations, [&](Citation& c) {
        r.str(c.kind);
        r.str(c.value);
    });
    r.str(e.source);
    r.str(e.source_id);
    r.str(e.summary);
    r.str(e.last_reviewed);
    r.str(e.review);
    e.retired = r.flag();
    e.local = r.flag();
    get(r, e.where);
}

std::optional<int> get_opt_int(Reader& r) {
    if (!r.flag()) return std::nullopt;
    return r.i32();
}

void get(Reader& r, Trial& t) {
    r.str(t.nct_id);
    r.str(t.title);
    r.str(t.phase);
    r.str(t.status);
    r.str(t.status_as_of);
    r.strs(t.interventions);
    if (r.flag()) {
        Rule rule;
        get(r, rule, 0);
        t.criteria = std::move(rule);
    }
    r.strs(t.tumor_types);
    r.strs(t.exclude_tumor_types);
    t.age_min = get_opt_int(r);
    t.age_max = get_opt_int(r);
    r.str(t.sex);
    r.list(t.sites, [&](Site& s) {
        r.str(s.country);
        r.str(s.city);
        r.str(s.facility);
    });
    r.str(t.summary);
    r.str(t.review);
    t.retired = r.flag();
    get(r, t.where);
}

void get(Reader& r, Drug& d) {
    r.str(d.name);
    r.strs(d.synonyms);
    r.strs(d.classes);
    r.strs(d.targets);
    const auto n = r.count();
    for (std::size_t i = 0; i < n; ++i) {
        auto lang = r.str();
        d.names[std::move(lang)] = r.str();
    }
    r.str(d.source);
    get(r, d.where);
}

void get(Reader& r, TumourType& t) {
    r.str(t.code);
    r.str(t.parent);
    r.str(t.name);
    r.str(t.main_type);
    r.str(t.tissue);
    r.str(t.name_zh);
}

void get_payload(Reader& r, Knowledgebase& kb) {
    r.str(kb.name);
    r.str(kb.version);
    r.list(kb.builds, [&](Build& b) {
        const auto v = r.u8();
        if (v >= static_cast<unsigned>(kBuildCount)) throw Corrupt{};
        b = static_cast<Build>(v);
    });
    r.list(kb.sources, [&](Source& s) {
        r.str(s.name);
        r.str(s.version_or_date);
        r.str(s.licence);
        r.str(s.url);
    });
    r.str(kb.sha256);
    r.list(kb.genes, [&](Gene& x) { get(r, x); });
    r.list(kb.biomarkers, [&](Biomarker& x) { get(r, x); });
    r.list(kb.evidence, [&](Evidence& x) { get(r, x); });
    r.list(kb.trials, [&](Trial& x) { get(r, x); });
    r.list(kb.drugs, [&](Drug& x) { get(r, x); });
    const auto n_types = r.count();
    for (std::size_t i = 0; i < n_types; ++i) {
        TumourType t;
        get(r, t);
        kb.oncotree.add(std::move(t));
    }
    const auto n_doid = r.count();
    kb.doid_to_oncotree.reserve(n_doid);
    for (std::size_t i = 0; i < n_doid; ++i) {
        auto k = r.str();
        kb.doid_to_oncotree[std::move(k)] = r.str();
    }
}

// The cache file mapped read-only (pages populated in one go: cheaper than a read() into a
// fresh buffer, which would zero-fill and fault in every page a second time).
class MappedFile {
public:
    explicit MappedFile(const fs::path& file) {
        const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return;
        struct stat st {};
        if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
            size_ = static_cast<std::size_t>(st.st_size);
            void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
            if (p != MAP_FAILED) data_ = static_cast<const char*>(p);
        }
        ::close(fd);
    }
    ~MappedFile() {
        if (data_) ::munmap(const_cast<char*>(data_), size_);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    const char* data() const { return data_; }
    std::size_t size() const { return data_ ? size_ : 0; }

private:
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace

std::string cache_key(const std::string& kb_hash) {
    return sha256_hex(kb_hash + "\n" + kToolVersion + "\n" + std::to_string(kCacheFormatVersion));
}

std::string cache_file_name(const std::string& key) { return "kb-" + key.substr(0, 32) + ".bin"; }

fs::path default_cache_dir() {
    if (const char* d = std::getenv("ONCOMATCH_CACHE_DIR"); d && *d) return fs::path(d);
    if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return fs::path(d) / "oncomatch";
    if (const char* d = std::getenv("HOME"); d && *d) return fs::path(d) / ".cache" / "oncomatch";
    return {};
}

void save_cache(const Knowledgebase& kb, const fs::path& file) {
    Writer payload;
    payload.buf.reserve(1 << 20);
    put_payload(payload, kb);

    Writer head;
    head.buf.append(kMagic, kMagicLen);
    head.pod<std::uint32_t>(kCacheFormatVersion);
    head.str(cache_key(kb.sha256));
    head.pod<std::uint64_t>(payload.buf.size());

    Writer tail;
    tail.pod<std::uint64_t>(checksum(payload.buf.data(), payload.buf.size()));

    AtomicFile out(file);
    out.stream().write(head.buf.data(), static_cast<std::streamsize>(head.buf.size()));
    out.stream().write(payload.buf.data(), static_cast<std::streamsize>(payload.buf.size()));
    out.stream().write(tail.buf.data(), static_cast<std::streamsize>(tail.buf.size()));
    out.commit();
}

std::size_t prune_cache_dir(const fs::path& dir, const fs::path& just_written, std::size_t keep) {
    std::vector<std::pair<fs::file_time_type, fs::path>> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() < 7 || name.rfind("kb-", 0) != 0 || name.compare(name.size() - 4, 4, ".bin") != 0) continue;
        if (it->path() == just_written) continue;
        std::error_code tec;
        const auto t = fs::last_write_time(it->path(), tec);
        if (!tec) files.emplace_back(t, it->path());
    }
    const std::size_t others = keep > 0 ? keep - 1 : 0;  // the file just written is one of those kept
    if (files.size() <= others) return 0;
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first > b.first; });  // newest first
    std::size_t removed = 0;
    for (std::size_t i = others; i < files.size(); ++i) {
        std::error_code rec;
        if (fs::remove(files[i].second, rec)) ++removed;
    }
    return removed;
}

std::shared_ptr<Knowledgebase> load_cache(const fs::path& file, const std::string& expected_key) {
    try {
        const MappedFile data(file);
        if (data.size() < kMagicLen || std::memcmp(data.data(), kMagic, kMagicLen) != 0) return nullptr;
        Reader head(data.data() + kMagicLen, data.size() - kMagicLen);
        if (head.pod<std::uint32_t>() != kCacheFormatVersion) return nullptr;
        if (head.str() != expected_key) return nullptr;
        const auto payload_size = head.pod<std::uint64_t>();
        if (payload_size > head.left() || head.left() - payload_size != sizeof(std::uint64_t)) return nullptr;
        const char* payload = data.data() + (data.size() - head.left());
        std::uint64_t stored = 0;
        std::memcpy(&stored, payload + payload_size, sizeof stored);
        if (checksum(payload, payload_size) != stored) return nullptr;

        auto kb = std::make_shared<Knowledgebase>();
        Reader body(payload, payload_size);
        get_payload(body, *kb);
        if (!body.at_end()) return nullptr;
        kb->freeze();
        return kb;
    } catch (const Corrupt&) {
        return nullptr;
    } catch (const std::exception&) {  // bad_alloc on absurd sizes, filesystem errors
        return nullptr;
    }
}

}  // namespace oncomatch::kb
