// Streaming VCF/BCF reader (see header). All htslib record access lives in this file and in
// caller_fields.cpp; the rest of oncomatch sees only Variant values.
#include "oncomatch/io/vcf_reader.hpp"

#include <htslib/bgzf.h>
#include <htslib/hfile.h>

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "oncomatch/error.hpp"
#include "oncomatch/io/line_scan.hpp"
#include "oncomatch/util/strings.hpp"
#include "oncomatch/variant/normalise.hpp"

namespace oncomatch {

namespace fs = std::filesystem;

struct VcfReader::Impl {
    ReaderOptions opts;
    hts::File fp;
    hts::Header hdr;
    hts::Record rec{bcf_init()};
    hts::KString line;
    std::string pending;        // first data line, read while parsing the text header
    bool have_pending = false;
    std::uint64_t header_lines = 0;
    std::uint64_t line_no = 0;  // last line read (text, streaming)
    std::uint64_t record_no = 0;
    std::size_t expected_cols = 8;
    std::unordered_set<std::string> known_contigs;  // empty: the header declares none
    // Streaming state for the cheap checks and the prefilter.
    std::string cur_chrom;
    std::unordered_set<std::string> done_chroms;
    std::int64_t last_pos = 0;
    const std::vector<std::pair<std::int64_t, std::int64_t>>* cur_regions = nullptr;
    std::size_t cursor = 0;
    const kb::RegionSet* regions = nullptr;
    // Indexed reading.
    bool by_index = false;
    hts::Tbx tbx;
    hts::Index idx;
    hts::Itr itr;
    struct Query { int tid; std::string name; std::int64_t beg, end; };
    std::vector<Query> queries;
    std::size_t next_query = 0;
    std::int64_t prev_end = -1;
    int prev_tid = -1;
    bool eof = false;
    BigString carry;            // text streaming: the unfinished line after the last chunk
    bool raw_bgzf = false;      // bgzip text streamed as raw blocks (decided at the first chunk)
    bool raw_decided = false;
    bool sent_last = false;
    std::vector<std::string> pop_fields;  // INFO population-frequency fields present
    char* sbuf = nullptr;
    int sbuf_n = 0;
    ~Impl() { std::free(sbuf); }
};

namespace {

std::string hrec_value(const bcf_hrec_t* h, const char* key) {
    for (int i = 0; i < h->nkeys; ++i)
        if (std::strcmp(h->keys[i], key) == 0) return h->vals[i] ? h->vals[i] : "";
    return {};
}

std::string unquote(std::string s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return s;
}

bool valid_ref(const char* s) {
    if (!*s) return false;
    for (; *s; ++s) {
        switch (*s) {
            case 'A': case 'C': case 'G': case 'T': case 'N': case 'a': case 'c': case 'g': case 't': case 'n': break;
            default: return false;
        }
    }
    return true;
}


// The first five fields of one line and its column count, read as the streaming scan reads them.
ScannedLine fields_of(std::string_view line) {
    ScannedLine out;
    scan_lines(line, [&](const ScannedLine& l) {
        out = l;
        return false;
    });
    return out;
}

// "CHROM:POS REF>ALT", as messages name a record.
std::string record_desc(const ScannedLine& f) {
    return std::string(f.f[0]) + ":" + std::string(f.f[1]) + " " + std::string(f.f[3]) + ">" + std::string(f.f[4]);
}

// POS as a positive whole number (at most 18 digits), or nothing; runs on every line.
std::optional<std::int64_t> parse_pos(std::string_view s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    for (const char ch : s) {
        const auto d = static_cast<unsigned>(ch - '0');
        if (d > 9) return std::nullopt;
        v = v * 10 + static_cast<std::int64_t>(d);
    }
    if (v < 1) return std::nullopt;
    return v;
}

std::string_view line_at(std::string_view data, std::size_t offset) {
    std::string_view l = data.substr(offset);
    l = l.substr(0, l.find('\n'));
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
}

}  // namespace

void TextChunk::clear() {
    begin = end = 0;  // buf keeps its size: see kHeadRoom
    compressed.clear();
    read_error = last = inflate_failed = false;
    n_lines = 0;
    kept.clear();
    runs.clear();
    problem.reset();
    first_line_no = 0;
}

VcfReader::VcfReader(const ReaderOptions& opts) : impl_(std::make_unique<Impl>()) {
    auto& I = *impl_;
    I.opts = opts;
    display_ = opts.path == "-" ? std::string("<stdin>") : opts.path;
    if (opts.path != "-" && !fs::exists(opts.path))
        throw InputError(opts.path, "input file not found", "check the path");
    I.fp.reset(hts_open(opts.path.c_str(), "r"));
    if (!I.fp) throw InputError(display_, "cannot open input", "is it a readable VCF, VCF.gz or BCF file?");
    const htsFormat* f = hts_get_format(I.fp.get());
    if (f->category != variant_data && f->format != vcf && f->format != bcf) {
        if (f->format == unknown_format || f->format == text_format)
            throw InputError(display_, "not a VCF or BCF file", "the first line of a VCF is '##fileformat=VCFv4.x'");
        throw InputError(display_, std::string("not a VCF or BCF file (detected ") + hts_format_file_extension(f) + ")",
                         "BAM/CRAM input is not supported yet");
    }
    is_bcf_ = f->format == bcf;
    // A bgzip file ends with an empty EOF block; without it the file was cut short.
    if (f->compression == bgzf && opts.path != "-") {
        BGZF* bg = hts_get_bgzfp(I.fp.get());
        if (bg && bgzf_check_EOF(bg) == 0)
            throw InputError(display_, "the file is truncated (the bgzip end-of-file marker is missing)",
                             "the file is damaged or still being written; re-create it (e.g. bgzip again) and resubmit");
    }
    if (opts.io_threads > 0 && f->compression == bgzf) {
        if (hts_set_threads(I.fp.get(), opts.io_threads) != 0)
            throw Error(ExitCode::internal, display_, "cannot start decompression threads");
    }
    if (is_bcf_) {
        I.hdr.reset(bcf_hdr_read(I.fp.get()));
        if (!I.hdr) throw InputError(display_, "cannot read the BCF header", "the file may be truncated or corrupt");
    } else {
        // Read the text header ourselves so that line numbers in messages are exact.
        std::string text;
        bool saw_chrom = false;
        while (true) {
            int ret = hts_getline(I.fp.get(), KS_SEP_LINE, &I.line.s);
            if (ret == -1) break;
            if (ret < -1) throw InputError(display_ + ":" + std::to_string(I.header_lines + 1), "cannot read the header (truncated or corrupt compressed data)", "re-create the file, e.g. with bgzip");
            std::string_view l(I.line.s.s, I.line.s.l);
            if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
            if (!l.empty() && l[0] == '#') {
                ++I.header_lines;
                text.append(l);
                text.push_back('\n');
                if (l.rfind("#CHROM", 0) == 0) {
                    saw_chrom = true;
                    I.expected_cols = split(l, '\t').size();
                }
                continue;
            }
            I.pending.assign(l);
            I.have_pending = true;
            break;
        }
        if (I.header_lines == 0 && !I.have_pending) throw InputError(display_, "empty file: no VCF header", "a VCF starts with '##fileformat=VCFv4.x'");
        if (text.rfind("##fileformat=VCF", 0) != 0)
            throw InputError(display_ + ":1", "not a VCF file: the first line must be '##fileformat=VCFv4.x'", "is this a VCF?");
        if (!saw_chrom)
            throw InputError(display_ + ":" + std::to_string(I.header_lines + 1), "missing '#CHROM' header line before the data",
                             "the header must end with '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO...'");
        header_text_ = text;  // kept as written (bcf_hdr_parse may write into its input)
        I.hdr.reset(bcf_hdr_init("r"));
        if (!I.hdr || bcf_hdr_parse(I.hdr.get(), text.data()) != 0)
            throw InputError(display_, "cannot parse the VCF header", "check the ## meta lines and the #CHROM line");
        I.line_no = I.header_lines;
    }
    const int ns = bcf_hdr_nsamples(I.hdr.get());
    for (int i = 0; i < ns; ++i) samples_.emplace_back(I.hdr->samples[i]);
    for (int i = 0; i < I.hdr->nhrec; ++i) {
        const bcf_hrec_t* h = I.hdr->hrec[i];
        if (h->type == BCF_HL_CTG) {
            ContigInfo c;
            c.name = hrec_value(h, "ID");
            auto len = parse_number<long long>(hrec_value(h, "length"));
            c.length = len ? *len : 0;
            contigs_.push_back(c);
            I.known_contigs.insert(c.name);
        } else if (h->type == BCF_HL_GEN && h->key && std::strcmp(h->key, "reference") == 0 && h->value) {
            reference_line_ = h->value;
        } else if (h->type == BCF_HL_INFO) {
            const auto id = hrec_value(h, "ID");
            if (id == "CSQ") {
                schema_.has_csq = true;
                schema_.csq_fields = AnnotationSchema::parse_csq_format(unquote(hrec_value(h, "Description")));
            } else if (id == "ANN") {
                schema_.has_ann = true;
            } else if (id == "BCSQ") {
                schema_.has_bcsq = true;
            }
            static const std::unordered_set<std::string> pop = {"gnomAD_AF", "gnomADe_AF", "gnomADg_AF", "gnomad_AF",
                                                                "gnomAD_AF_popmax", "AF_popmax", "MAX_AF", "ExAC_AF",
                                                                "gnomad_exomes_AF", "gnomad_genomes_AF", "gnomAD_exomes_AF",
                                                                "gnomAD_genomes_AF", "KG_AF", "1000G_AF", "EXAC_AF"};
            if (pop.count(id)) I.pop_fields.push_back(id);
        }
    }
    // Tumour column.
    std::string tumor_sample_hdr;
    for (int i = 0; i < I.hdr->nhrec; ++i) {
        const bcf_hrec_t* h = I.hdr->hrec[i];
        if (h->type == BCF_HL_GEN && h->key && std::strcmp(h->key, "tumor_sample") == 0 && h->value) tumor_sample_hdr = h->value;
    }
    auto find = [&](const std::string& name) -> int {
        for (int i = 0; i < ns; ++i)
            if (samples_[static_cast<std::size_t>(i)] == name) return i;
        return -1;
    };
    const std::string listing = samples_.empty() ? "(none)" : join(samples_, ", ");
    if (!opts.sample.empty()) {
        tumour_ = find(opts.sample);
        if (tumour_ < 0) throw InputError(display_, "sample '" + opts.sample + "' not found; the file's columns are: " + listing, "pass one of them with --sample");
    } else if (!tumor_sample_hdr.empty() && find(tumor_sample_hdr) >= 0) {
        tumour_ = find(tumor_sample_hdr);
    } else if (find("TUMOR") >= 0) {
        tumour_ = find("TUMOR");
    } else if (find("tumor") >= 0) {
        tumour_ = find("tumor");
    } else if (ns == 1) {
        tumour_ = 0;
    } else if (ns > 1) {
        throw InputError(display_, "cannot tell which column is the tumour; the file's columns are: " + listing,
                         "pass --sample COLUMN (or add a ##tumor_sample= header line)");
    }
    if (tumour_ >= 0) tumour_name_ = samples_[static_cast<std::size_t>(tumour_)];
}

VcfReader::~VcfReader() = default;

void VcfReader::set_io_threads(int n) {
    auto& I = *impl_;
    if (n <= 0 || streams_chunks()) return;  // streamed text is inflated by the pipeline itself
    const htsFormat* f = hts_get_format(I.fp.get());
    if (f->compression != bgzf) return;
    if (hts_set_threads(I.fp.get(), n) != 0) throw Error(ExitCode::internal, display_, "cannot start decompression threads");
}

bool VcfReader::has_usable_index() const {
    const auto& I = *impl_;
    if (I.opts.path == "-" || I.opts.whole_file) return false;
    for (const char* ext : {".tbi", ".csi"}) {
        fs::path p = I.opts.path + ext;
        std::error_code ec;
        if (!fs::exists(p, ec)) continue;
        // A fresh checkout or copy writes both within moments; an index is stale when its file
        // was rewritten after it (allow one second of file-system timestamp jitter).
        if (fs::last_write_time(p, ec) + std::chrono::seconds(1) < fs::last_write_time(I.opts.path, ec))
            throw InputError(p.string(), "index is older than its file (stale)",
                             "re-index with 'tabix -f -p vcf " + I.opts.path + "' (or 'bcftools index -f'), or pass --whole-file");
        return true;
    }
    return false;
}

void VcfReader::set_regions(const kb::RegionSet* regions, bool use_index, const kb::RegionSet* spans) {
    auto& I = *impl_;
    I.regions = regions;
    if (!use_index || !regions) return;
    if (!spans) spans = regions;
    if (is_bcf_) {
        I.idx.reset(bcf_index_load(I.opts.path.c_str()));
        if (!I.idx) throw InputError(display_, "cannot load the index", "re-index with 'bcftools index -f'");
    } else {
        I.tbx.reset(tbx_index_load(I.opts.path.c_str()));
        if (!I.tbx) throw InputError(display_, "cannot load the index", "re-index with 'tabix -f -p vcf'");
    }
    // Map normalised chromosome names to the file's sequence names.
    int nseq = 0;
    const char** names = is_bcf_ ? bcf_hdr_seqnames(I.hdr.get(), &nseq) : tbx_seqnames(I.tbx.get(), &nseq);
    for (int i = 0; i < nseq; ++i) {
        const std::string name(names[i]);
        const auto* iv = spans->on(normalise_chrom(name));
        if (!iv) continue;
        const int tid = is_bcf_ ? bcf_hdr_name2id(I.hdr.get(), names[i]) : tbx_name2id(I.tbx.get(), names[i]);
        for (const auto& [b, e] : *iv) I.queries.push_back({tid, name, b, e});
    }
    std::free(names);
    std::sort(I.queries.begin(), I.queries.end(), [](const auto& a, const auto& b) { return a.tid < b.tid || (a.tid == b.tid && a.beg < b.beg); });
    I.by_index = true;
    if (spans == regions) I.regions = nullptr;  // the index restricts the records exactly
    stats_.by_regions = true;
}

// Turns the parsed record in impl_->rec into variants, one per ALT allele.
void VcfReader::emit_record(std::uint64_t line_no, std::vector<Variant>& out) {
    auto& I = *impl_;
    bcf1_t* rec = I.rec.get();
    bcf_hdr_t* hdr = I.hdr.get();
    if (bcf_unpack(rec, BCF_UN_ALL) != 0)
        throw InputError(line_no ? display_ + ":" + std::to_string(line_no) : display_, "cannot unpack record");
    ++stats_.parsed;
    const char* chrom = bcf_seqname(hdr, rec);
    const std::string chrom_s = chrom ? chrom : "?";
    const std::string ref_s = rec->d.allele[0];
    const auto pos1 = static_cast<std::int64_t>(rec->pos) + 1;
    auto describe = [&](const std::string& alt) { return chrom_s + ":" + std::to_string(pos1) + " " + ref_s + ">" + alt; };
    auto where = [&](const std::string& alt) {
        if (is_bcf_) return display_ + ": record " + std::to_string(I.record_no) + " (" + describe(alt) + ")";
        return (line_no ? display_ + ":" + std::to_string(line_no) : display_) + ": " + describe(alt);
    };
    if (!valid_ref(rec->d.allele[0]))
        throw InputError(where(rec->n_allele > 1 ? rec->d.allele[1] : "."), "REF must contain only A, C, G, T or N", "fix the REF column");
    std::string filter;
    bool pass = true;
    if (rec->d.n_flt > 0) {
        for (int i = 0; i < rec->d.n_flt; ++i) {
            const char* name = hdr->id[BCF_DT_ID][rec->d.flt[i]].key;
            if (!filter.empty()) filter += ';';
            filter += name;
        }
        pass = filter == "PASS";
    } else {
        filter = ".";
    }
    std::string csq, ann, bcsq;
    auto info_str = [&](const char* tag, std::string& dst, bool want) {
        if (!want) return;
        int n = bcf_get_info_string(hdr, rec, tag, &I.sbuf, &I.sbuf_n);
        if (n > 0) dst.assign(I.sbuf, std::strlen(I.sbuf));
    };
    info_str("CSQ", csq, schema_.has_csq);
    info_str("ANN", ann, schema_.has_ann);
    info_str("BCSQ", bcsq, schema_.has_bcsq);
    const bool somatic = bcf_get_info_flag(hdr, rec, "SOMATIC", nullptr, nullptr) == 1;
    std::vector<std::string> alts;
    for (int a = 1; a < rec->n_allele; ++a) alts.emplace_back(rec->d.allele[a]);
    if (alts.empty()) ++stats_.skipped_no_alt;
    for (int a = 1; a < rec->n_allele; ++a) {
        const std::string alt = rec->d.allele[a];
        if (alt == "*") { ++stats_.skipped_star; continue; }
        if (alt == ".") { ++stats_.skipped_no_alt; continue; }
        if (alt[0] == '<' || alt.find_first_of("[]") != std::string::npos) { ++stats_.skipped_symbolic; continue; }
        if (!is_plain_sequence(alt))
            throw InputError(where(alt), "ALT must contain only A, C, G, T, N (or be symbolic)", "fix the ALT column");
        Variant v;
        v.chrom = chrom_s;
        v.chrom_norm = normalise_chrom(chrom_s);
        v.vcf_pos = pos1;
        v.vcf_ref = ref_s;
        v.vcf_alt = alt;
        v.alt_index = a;
        v.n_alts = rec->n_allele - 1;
        v.all_alts = alts;
        v.record_no = I.by_index ? 0 : I.record_no;  // an index read does not see the records before
        v.line_no = line_no;
        v.id = rec->d.id && std::strcmp(rec->d.id, ".") != 0 ? rec->d.id : "";
        v.filter = filter;
        v.pass = pass || filter == ".";
        v.somatic_flag = somatic;
        Allele al{rec->pos, to_upper(ref_s), to_upper(alt)};
        if (ref_) {
            auto seq = ref_->fetch(chrom_s, al.pos0, al.pos0 + static_cast<std::int64_t>(al.ref.size()));
            if (seq.empty())
                throw InputError(where(alt), "position is not in the reference FASTA " + ref_->path(),
                                 "is --reference the genome the file was called on?");
            for (std::size_t i = 0; i < seq.size(); ++i) {
                if (al.ref[i] != 'N' && seq[i] != 'N' && al.ref[i] != seq[i])
                    throw InputError(where(alt), "REF '" + ref_s + "' does not match the reference ('" + seq + "' in " + ref_->path() + ")",
                                     "check that --reference is the genome build the file was called on");
            }
            auto before = al;
            al = left_align(al, [&](std::int64_t b, std::int64_t e) { return ref_->fetch(chrom_s, b, e); });
            if (al.pos0 != trim_allele(before).pos0) ++stats_.left_aligned;
        } else {
            al = trim_allele(al);
        }
        v.pos0 = al.pos0;
        v.ref = al.ref;
        v.alt = al.alt;
        auto dv = extract_depth_vaf(hdr, rec, tumour_, a, I.opts.fields);
        v.depth = dv.depth;
        v.vaf = dv.vaf;
        v.depth_source = dv.vaf_source.empty() ? dv.depth_source : dv.vaf_source;
        for (const auto& pf : I.pop_fields) {
            float* buf = nullptr;
            int n = 0;
            int got = bcf_get_info_float(hdr, rec, pf.c_str(), &buf, &n);
            if (got > 0) {
                const int k = got == rec->n_allele - 1 ? a - 1 : (got == rec->n_allele ? a : 0);
                if (k < got && !bcf_float_is_missing(buf[k])) v.population_af = std::max(v.population_af.value_or(0.0), static_cast<double>(buf[k]));
            }
            std::free(buf);
        }
        v.info_csq = csq;
        v.info_ann = ann;
        v.info_bcsq = bcsq;
        out.push_back(std::move(v));
        ++stats_.variants;
    }
}

bool VcfReader::streams_chunks() const { return !is_bcf_ && !impl_->by_index; }

bool VcfReader::read_chunk(TextChunk& c) {
    auto& I = *impl_;
    c.clear();
    const std::size_t target_bytes = std::max<std::size_t>(I.opts.chunk_bytes, 1);
    BGZF* bgz = hts_get_bgzfp(I.fp.get());
    if (!I.raw_decided) {
        I.raw_decided = true;
        I.raw_bgzf = hts_get_format(I.fp.get())->compression == bgzf && bgz && !bgz->mt && bgz->is_compressed && !bgz->is_gzip;
        if (I.raw_bgzf) {
            // What htslib already inflated while the header was read comes first.
            // It is carried in front of the first chunk, as a partial line would be.
            if (I.have_pending) {
                I.have_pending = false;
                I.carry.assign(I.pending.data(), I.pending.size());
                I.carry.push_back('\n');
            }
            if (bgz->block_offset < bgz->block_length)
                I.carry.append(static_cast<const char*>(bgz->uncompressed_block) + bgz->block_offset,
                               static_cast<std::size_t>(bgz->block_length - bgz->block_offset));
            bgz->block_offset = bgz->block_length;
        }
    }
    if (I.raw_bgzf) {
        if (I.sent_last) return false;
        if (!I.eof) {
            switch (read_bgzf_blocks(bgz->fp, c.compressed, target_bytes)) {
                case BgzfRead::more: break;
                case BgzfRead::eof: I.eof = true; break;
                case BgzfRead::truncated:
                case BgzfRead::not_bgzf:
                    c.read_error = true;
                    I.eof = true;
                    break;
            }
        }
        // The end is always sent as a chunk of its own (possibly empty) so the last line is flushed.
        if (I.eof) I.sent_last = c.last = true;
        return true;
    }
    if (I.eof) return false;
    // Plain text and gzip: lines are gathered in buf from its start.
    BigString& data = c.buf;
    data.clear();
    data.swap(I.carry);
    auto done = [&] {
        c.begin = 0;
        c.end = data.size();
        c.last = I.eof;
        return !data.empty() || c.read_error;
    };
    if (I.have_pending) {  // the first data line, read with the header
        I.have_pending = false;
        data.assign(I.pending.data(), I.pending.size());
        data.push_back('\n');
    }
    const std::size_t target = target_bytes;
    auto keep_whole_lines = [&] {  // true when the chunk is complete
        if (data.size() < target) return false;
        const auto nl = data.rfind('\n');
        if (nl == BigString::npos) return false;  // one line longer than a chunk: read on
        I.carry.assign(data, nl + 1);
        data.resize(nl + 1);
        return true;
    };
    if (hts_get_format(I.fp.get())->compression == no_compression) {
        // Plain text is read through the hFILE directly, as htslib's own hts_getline does.
        hFILE* hf = I.fp->fp.hfile;
        constexpr std::size_t step = 1 << 16;
        while (true) {
            const std::size_t old = data.size();
            data.resize(old + step);
            const ssize_t n = hread(hf, data.data() + old, step);
            data.resize(old + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
            if (n < 0) {
                c.read_error = true;
                I.eof = true;
                break;
            }
            if (n == 0) {
                I.eof = true;
                break;
            }
            if (keep_whole_lines()) break;
        }
        return done();
    }
    BGZF* bg = hts_get_bgzfp(I.fp.get());
    if (!bg) throw Error(ExitCode::internal, display_, "no BGZF stream behind a compressed text VCF");
    while (true) {
        if (bg->block_offset >= bg->block_length) {
            bg->block_offset = bg->block_length = 0;  // as bgzf_read does when a block is used up
            // htslib 1.16 may report a damaged compressed stream as its end: the error code tells.
            if (bgzf_read_block(bg) != 0 || bg->errcode != 0) {
                c.read_error = true;
                I.eof = true;
                break;
            }
            if (bg->block_length == 0) {
                I.eof = true;
                break;
            }
        }
        data.append(static_cast<const char*>(bg->uncompressed_block) + bg->block_offset,
                    static_cast<std::size_t>(bg->block_length - bg->block_offset));
        bg->block_offset = bg->block_length;
        if (keep_whole_lines()) break;
    }
    return done();
}

void VcfReader::inflate_chunk(TextChunk& c) const {
    if (c.compressed.blocks.empty()) return;
    c.begin = TextChunk::kHeadRoom;
    if (inflate_bgzf_blocks(c.compressed, c.buf, c.begin, c.end) < c.compressed.blocks.size()) c.inflate_failed = true;
}

void VcfReader::stitch_chunk(TextChunk& c) {
    auto& I = *impl_;
    if (!I.raw_bgzf) return;
    if (!I.carry.empty()) {
        if (I.carry.size() <= c.begin) {  // into the head room
            c.begin -= I.carry.size();
            std::memcpy(c.buf.data() + c.begin, I.carry.data(), I.carry.size());
        } else {  // a line longer than the head room (or a chunk with no blocks): rebuild
            BigString joined;
            joined.reserve(TextChunk::kHeadRoom + I.carry.size() + (c.end - c.begin));
            joined.assign(TextChunk::kHeadRoom, '\0');
            joined += I.carry;
            joined.append(c.text());
            c.buf.swap(joined);
            c.begin = TextChunk::kHeadRoom;
            c.end = c.buf.size();
        }
        I.carry.clear();
    }
    if (c.inflate_failed) {  // the text holds everything before the corrupt block
        c.read_error = c.last = true;
        return;
    }
    if (c.last) return;
    const std::string_view t = c.text();
    const auto nl = t.rfind('\n');
    if (nl == std::string_view::npos) {  // no line ends here yet
        I.carry.assign(t);
        c.end = c.begin;
    } else {
        I.carry.assign(t.substr(nl + 1));
        c.end = c.begin + nl + 1;
    }
}

void VcfReader::scan_chunk(TextChunk& c) const {
    const auto& I = *impl_;
    c.n_lines = 0;
    c.kept.clear();
    c.runs.clear();
    c.problem.reset();
    const std::string_view text = c.text();
    const std::vector<std::pair<std::int64_t, std::int64_t>>* regions = nullptr;
    std::size_t cursor = 0;
    std::int64_t last_pos = 0;
    std::uint32_t next_line = 0;
    scan_lines(text, [&](const ScannedLine& sl) {
        const std::uint32_t line = next_line++;  // 0-based in the chunk
        c.n_lines = next_line;
        const std::string_view l = sl.text;
        const std::size_t offset = sl.offset;
        const bool terminated = sl.terminated;
        auto stop = [&](std::string desc, std::string message, std::string hint, bool short_last = false) {  // the chunk's first problem
            c.problem = TextChunk::Problem{line, std::move(desc), std::move(message), std::move(hint), short_last};
            return false;
        };
        if (l.empty()) return stop("", "empty line in the data section", "remove blank lines from the file");
        if (l[0] == '#') return stop("", "header line inside the data section", "header lines must come before the first record");
        if (sl.cols < 8 || sl.cols != I.expected_cols)
            return stop(sl.cols >= 5 ? record_desc(sl) : std::string(),
                        "expected " + std::to_string(I.expected_cols) + " tab-separated columns, found " + std::to_string(sl.cols),
                        "the line may be truncated or use spaces instead of tabs", !terminated);
        const auto pos = parse_pos(sl.f[1]);
        if (!pos) return stop(record_desc(sl), "POS '" + std::string(sl.f[1]) + "' is not a positive whole number", "fix the POS column");
        const std::string_view chrom = sl.f[0];
        if (chrom.empty()) return stop("", "empty CHROM", "fix the CHROM column");
        if (c.runs.empty() || chrom != c.runs.back().chrom) {
            if (!I.known_contigs.empty() && !I.known_contigs.count(std::string(chrom)))
                return stop(record_desc(sl), "CHROM '" + std::string(chrom) + "' is not declared in the header (##contig)",
                            "add the ##contig line or fix the CHROM name");
            c.runs.push_back(TextChunk::Run{std::string(chrom), *pos, line, offset});
            last_pos = 0;
            regions = I.regions ? I.regions->on(normalise_chrom(chrom)) : nullptr;
            cursor = 0;
            if (regions) {  // the chunk may start anywhere in the chromosome
                const std::int64_t b = *pos - 1;
                cursor = static_cast<std::size_t>(std::partition_point(regions->begin(), regions->end(), [&](const auto& r) { return r.second <= b; }) - regions->begin());
            }
        } else if (*pos < last_pos) {
            return stop(record_desc(sl), "file is not sorted: POS " + std::to_string(*pos) + " comes after " + std::to_string(last_pos),
                        "sort it: bcftools sort -Oz -o sorted.vcf.gz FILE");
        }
        last_pos = *pos;
        bool keep = true;
        if (I.regions) {
            keep = false;
            if (regions) {
                const std::int64_t b = *pos - 1, e = b + std::max<std::int64_t>(1, static_cast<std::int64_t>(sl.f[3].size()));
                const auto& v = *regions;
                while (cursor < v.size() && v[cursor].second <= b) ++cursor;
                keep = cursor < v.size() && v[cursor].first < e;
            }
        }
        if (keep) c.kept.push_back(TextChunk::Kept{offset, l.size(), line});
        return true;
    });
}

void VcfReader::throw_problem(const TextChunk& c, const TextChunk::Problem& p) const {
    const std::string where = display_ + ":" + std::to_string(c.first_line_no + p.line);
    if (p.short_last_line && c.read_error)  // a line cut short by a damaged stream: say so rather than blame the line
        throw InputError(where, "read error: the compressed data ends in the middle of this line (truncated or corrupt file)",
                         "the file is damaged; re-create it (e.g. bgzip again) and resubmit");
    throw InputError(p.desc.empty() ? where : where + ": " + p.desc, p.message, p.hint);
}

void VcfReader::finish_chunk(TextChunk& c, std::vector<Variant>& out) {
    auto& I = *impl_;
    c.first_line_no = I.line_no + 1;
    // Order across chunks: a chromosome that comes back, or a position that goes back at a chunk
    // boundary. Runs that start before the scan's first problem come first.
    for (const auto& r : c.runs) {
        if (c.problem && r.first_line >= c.problem->line) break;
        auto problem_here = [&](std::string message) {
            const ScannedLine f = fields_of(line_at(c.text(), r.first_offset));
            throw_problem(c, TextChunk::Problem{r.first_line, record_desc(f), std::move(message), "sort it: bcftools sort -Oz -o sorted.vcf.gz FILE"});
        };
        if (r.chrom == I.cur_chrom) {
            if (r.first_pos < I.last_pos)
                problem_here("file is not sorted: POS " + std::to_string(r.first_pos) + " comes after " + std::to_string(I.last_pos));
        } else {
            if (I.done_chroms.count(r.chrom))
                problem_here("file is not sorted: CHROM '" + r.chrom + "' appears again after other chromosomes");
            if (!I.cur_chrom.empty()) I.done_chroms.insert(I.cur_chrom);
            I.cur_chrom = r.chrom;
        }
        I.last_pos = r.first_pos;  // the scan checked the order inside the run
    }
    if (c.problem) throw_problem(c, *c.problem);
    // The last line's POS, for the check at the next chunk boundary.
    if (c.n_lines > 0) {
        const std::string_view text = c.text();
        std::size_t e = text.size();
        if (e > 0 && text[e - 1] == '\n') --e;
        const auto s = text.rfind('\n', e == 0 ? 0 : e - 1);
        const ScannedLine f = fields_of(line_at(text, s == std::string_view::npos ? 0 : s + 1));
        if (auto pos = parse_number<std::int64_t>(f.f[1])) I.last_pos = *pos;
    }
    // Full parse by htslib of the kept lines (a copy: vcf_parse writes into its input).
    bcf_hdr_t* hdr = I.hdr.get();
    bcf1_t* rec = I.rec.get();
    for (auto& k : c.kept) {
        const std::uint64_t line_no = c.first_line_no + k.line;
        k.v_begin = static_cast<std::uint32_t>(out.size());
        I.record_no = line_no - I.header_lines;
        I.line.s.l = 0;
        if (kputsn(c.text().data() + k.offset, k.length, &I.line.s) < 0) throw std::bad_alloc();
        if (vcf_parse(&I.line.s, hdr, rec) != 0) {
            const ScannedLine f = fields_of(line_at(c.text(), k.offset));
            throw InputError(display_ + ":" + std::to_string(line_no) + ": " + record_desc(f), "malformed record (htslib cannot parse it)",
                             "check the QUAL, INFO and FORMAT columns");
        }
        emit_record(line_no, out);
        k.v_end = static_cast<std::uint32_t>(out.size());
    }
    I.line_no += c.n_lines;
    I.record_no = I.line_no - I.header_lines;
    stats_.lines += c.n_lines;
    if (c.read_error)
        throw InputError(display_ + ":" + std::to_string(I.line_no + 1), "read error after line " + std::to_string(I.line_no) + " (truncated or corrupt compressed data)",
                         "the file is damaged; re-create it (e.g. bgzip again) and resubmit");
}

bool VcfReader::next_batch(std::vector<Variant>& out, std::size_t max_variants) {
    auto& I = *impl_;
    out.clear();
    if (streams_chunks()) {
        TextChunk c;
        while (out.empty() && read_chunk(c)) {
            inflate_chunk(c);
            stitch_chunk(c);
            scan_chunk(c);
            finish_chunk(c, out);
        }
        return !out.empty() || !I.eof;
    }
    bcf1_t* rec = I.rec.get();
    bcf_hdr_t* hdr = I.hdr.get();
    const std::size_t lines_budget = 1u << 16;  // keep batches flowing even when few records are kept
    std::size_t lines_this_batch = 0;

    // Prefilter on a record position (BCF streaming; text lines read by index regions).
    // Returns true when the record must be fully parsed.
    auto check_and_filter = [&](std::string_view chrom, std::int64_t pos1, std::int64_t ref_len, auto&& where) -> bool {
        if (chrom != I.cur_chrom) {
            if (!I.known_contigs.empty() && !I.known_contigs.count(std::string(chrom)))
                throw InputError(where(), "CHROM '" + std::string(chrom) + "' is not declared in the header (##contig)",
                                 "add the ##contig line or fix the CHROM name");
            if (!I.by_index) {
                if (I.done_chroms.count(std::string(chrom)))
                    throw InputError(where(), "file is not sorted: CHROM '" + std::string(chrom) + "' appears again after other chromosomes",
                                     "sort it: bcftools sort -Oz -o sorted.vcf.gz FILE");
                if (!I.cur_chrom.empty()) I.done_chroms.insert(I.cur_chrom);
            }
            I.cur_chrom.assign(chrom);
            I.last_pos = 0;
            I.cur_regions = I.regions ? I.regions->on(normalise_chrom(chrom)) : nullptr;
            I.cursor = 0;
        }
        if (!I.by_index && pos1 < I.last_pos)
            throw InputError(where(), "file is not sorted: POS " + std::to_string(pos1) + " comes after " + std::to_string(I.last_pos),
                             "sort it: bcftools sort -Oz -o sorted.vcf.gz FILE");
        I.last_pos = pos1;
        if (!I.regions) return true;
        if (!I.cur_regions) return false;
        const std::int64_t b = pos1 - 1, e = b + std::max<std::int64_t>(1, ref_len);
        const auto& v = *I.cur_regions;
        while (I.cursor < v.size() && v[I.cursor].second <= b) ++I.cursor;
        return I.cursor < v.size() && v[I.cursor].first < e;
    };

    // A text line read by index region: the same checks as when streaming, then a full parse.
    auto handle_region_line = [&](std::string_view l) {
        ++stats_.lines;
        ++I.record_no;
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        if (l.empty()) throw InputError(display_, "empty line in the data section", "remove blank lines from the file");
        const ScannedLine f = fields_of(l);
        if (f.cols < 8 || f.cols != I.expected_cols)
            throw InputError(f.cols >= 5 ? display_ + ": " + record_desc(f) : display_,
                             "expected " + std::to_string(I.expected_cols) + " tab-separated columns, found " + std::to_string(f.cols),
                             "the line may be truncated or use spaces instead of tabs");
        auto pos = parse_number<std::int64_t>(f.f[1]);
        if (!pos || *pos < 1)
            throw InputError(display_ + ": " + record_desc(f), "POS '" + std::string(f.f[1]) + "' is not a positive whole number", "fix the POS column");
        if (!check_and_filter(f.f[0], *pos, static_cast<std::int64_t>(f.f[3].size()), [&] { return display_ + ": " + record_desc(f); })) return;
        if (vcf_parse(&I.line.s, hdr, rec) != 0)
            throw InputError(display_ + ": " + record_desc(f), "malformed record (htslib cannot parse it)", "check the QUAL, INFO and FORMAT columns");
        emit_record(0, out);
    };

    while (out.size() < max_variants && lines_this_batch < lines_budget && !I.eof) {
        if (I.by_index) {
            // Iterate the region queries.
            if (!I.itr) {
                if (I.next_query >= I.queries.size()) { I.eof = true; break; }
                const auto& q = I.queries[I.next_query++];
                if (q.tid != I.prev_tid) { I.prev_end = -1; I.prev_tid = q.tid; }
                I.itr.reset(is_bcf_ ? bcf_itr_queryi(I.idx.get(), q.tid, q.beg, q.end) : tbx_itr_queryi(I.tbx.get(), q.tid, q.beg, q.end));
                if (!I.itr) continue;  // contig absent from the index
            }
            const auto& q = I.queries[I.next_query - 1];
            int ret;
            if (is_bcf_) {
                ret = bcf_itr_next(I.fp.get(), I.itr.get(), rec);
            } else {
                ret = tbx_itr_next(I.fp.get(), I.tbx.get(), I.itr.get(), &I.line.s);
            }
            if (ret < -1) throw InputError(display_, "read error while reading region " + q.name + ":" + std::to_string(q.beg + 1) + "-" + std::to_string(q.end) + " (truncated or corrupt file)", "re-create the file and its index");
            if (ret == -1) {
                I.prev_end = q.end;
                I.itr.reset();
                continue;
            }
            ++lines_this_batch;
            if (is_bcf_) {
                ++stats_.lines;
                ++I.record_no;
                if (rec->pos < I.prev_end) continue;  // returned by the previous region already
                emit_record(0, out);
            } else {
                std::string_view l(I.line.s.s, I.line.s.l);
                auto tab1 = l.find('\t');
                auto tab2 = tab1 == std::string_view::npos ? tab1 : l.find('\t', tab1 + 1);
                auto p = tab2 == std::string_view::npos ? std::nullopt : parse_number<std::int64_t>(l.substr(tab1 + 1, tab2 - tab1 - 1));
                if (p && *p - 1 < I.prev_end) continue;
                handle_region_line(l);
            }
            continue;
        }
        // BCF streaming.
        int ret = bcf_read(I.fp.get(), hdr, rec);
        if (ret == -1) { I.eof = true; break; }
        ++lines_this_batch;
        ++I.record_no;
        if (ret < -1 || rec->errcode)
            throw InputError(display_ + ": record " + std::to_string(I.record_no), "cannot read BCF record (truncated or corrupt file)", "re-create the file");
        ++stats_.lines;
        const char* chrom = bcf_seqname(hdr, rec);
        if (!chrom) throw InputError(display_ + ": record " + std::to_string(I.record_no), "record refers to an unknown contig");
        auto where = [&] { return display_ + ": record " + std::to_string(I.record_no) + " (" + chrom + ":" + std::to_string(rec->pos + 1) + ")"; };
        if (check_and_filter(chrom, rec->pos + 1, rec->rlen, where)) emit_record(0, out);
    }
    return !out.empty() || !I.eof;
}

}  // namespace oncomatch
