// GTF / GFF3 transcript model reader (see header).
#include "oncomatch/transcript/gene_models.hpp"

#include <zlib.h>

#include <memory>
#include <unordered_map>

#include "oncomatch/error.hpp"
#include "oncomatch/genome/build.hpp"
#include "oncomatch/util/strings.hpp"

namespace oncomatch::tx {

namespace {

struct GzCloser {
    void operator()(gzFile f) const { gzclose(f); }
};

// GTF attributes: key "value"; key "value"; ... (a key may repeat, e.g. tag).
void parse_gtf_attrs(std::string_view s, std::vector<std::pair<std::string_view, std::string_view>>& out) {
    out.clear();
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == ';')) ++i;
        const std::size_t k0 = i;
        while (i < s.size() && s[i] != ' ') ++i;
        std::string_view key = s.substr(k0, i - k0);
        while (i < s.size() && s[i] == ' ') ++i;
        std::string_view val;
        if (i < s.size() && s[i] == '"') {
            const std::size_t v0 = ++i;
            while (i < s.size() && s[i] != '"') ++i;
            val = s.substr(v0, i - v0);
            if (i < s.size()) ++i;
        } else {
            const std::size_t v0 = i;
            while (i < s.size() && s[i] != ';') ++i;
            val = trim(s.substr(v0, i - v0));
        }
        if (!key.empty()) out.emplace_back(key, val);
    }
}

void parse_gff3_attrs(std::string_view s, std::vector<std::pair<std::string_view, std::string_view>>& out) {
    out.clear();
    for (auto kv : split(s, ';')) {
        auto eq = kv.find('=');
        if (eq == std::string_view::npos) continue;
        out.emplace_back(trim(kv.substr(0, eq)), kv.substr(eq + 1));
    }
}

std::string_view attr(const std::vector<std::pair<std::string_view, std::string_view>>& a, std::string_view key) {
    for (const auto& [k, v] : a)
        if (k == key) return v;
    return {};
}

bool has_tag(const std::vector<std::pair<std::string_view, std::string_view>>& a, std::string_view key, std::string_view want) {
    for (const auto& [k, v] : a)
        if (k == key)
            for (auto t : split(v, ','))
                if (iequals(t, want)) return true;
    return false;
}

std::string strip_prefix(std::string_view id) {  // GFF3 "rna-NM_007294.4" / "transcript:ENST..." -> id
    for (std::string_view p : {"rna-", "transcript:", "gene-", "gene:"})
        if (id.starts_with(p)) return std::string(id.substr(p.size()));
    return std::string(id);
}

}  // namespace

std::string chrom_from_seqid(const std::string& seqid) {
    if (seqid.starts_with("NC_0000")) {
        auto dot = seqid.find('.');
        auto n = parse_number<int>(std::string_view(seqid).substr(3, (dot == std::string::npos ? seqid.size() : dot) - 3));
        if (n && *n >= 1 && *n <= 22) return std::to_string(*n);
        if (n && *n == 23) return "X";
        if (n && *n == 24) return "Y";
    }
    if (seqid.starts_with("NC_012920")) return "MT";
    return normalise_chrom(seqid);
}

std::vector<RawTranscript> read_gene_models(const std::string& path, ModelFormat format) {
    std::unique_ptr<gzFile_s, GzCloser> f(gzopen(path.c_str(), "rb"));
    if (!f) throw InputError(path, "cannot open the annotation file", "check --gtf / --gff3");
    std::vector<RawTranscript> out;
    std::unordered_map<std::string, std::size_t> by_id;      // transcript id (file's key) -> index
    std::unordered_map<std::string, std::string> gene_names;  // GFF3 gene ID -> Name
    std::vector<std::pair<std::string_view, std::string_view>> attrs;
    std::string line;
    char buf[1 << 16];
    std::uint64_t line_no = 0;
    bool more = true;
    while (more) {
        line.clear();
        bool got = false;
        while (true) {
            if (!gzgets(f.get(), buf, sizeof buf)) {
                more = false;
                break;
            }
            got = true;
            line += buf;
            if (!line.empty() && line.back() == '\n') break;
        }
        if (!got) break;
        ++line_no;
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const std::string where = path + ":" + std::to_string(line_no);
        auto c = split(line, '\t');
        if (c.size() != 9)
            throw InputError(where, "expected 9 tab-separated columns, found " + std::to_string(c.size()),
                             format == ModelFormat::gtf ? "is this a GTF file?" : "is this a GFF3 file?");
        const std::string_view type = c[2];
        const bool want = type == "exon" || type == "CDS" || type == "stop_codon" || type == "mRNA" || type == "transcript" ||
                          type == "gene" || type == "ncRNA" || type == "lnc_RNA";
        if (!want) continue;
        auto b = parse_number<std::int64_t>(c[3]);
        auto e = parse_number<std::int64_t>(c[4]);
        if (!b || !e || *b < 1 || *e < *b) throw InputError(where, "bad start/end '" + std::string(c[3]) + "'-'" + std::string(c[4]) + "'", "1-based inclusive coordinates expected");
        if (c[6] != "+" && c[6] != "-") {
            if (type == "gene") continue;
            throw InputError(where, "strand must be + or -, found '" + std::string(c[6]) + "'");
        }
        if (format == ModelFormat::gtf) parse_gtf_attrs(c[8], attrs);
        else parse_gff3_attrs(c[8], attrs);

        std::string tid, gene, key;
        if (format == ModelFormat::gtf) {
            if (type == "gene") continue;
            tid = std::string(attr(attrs, "transcript_id"));
            if (tid.empty()) throw InputError(where, "GTF " + std::string(type) + " row without transcript_id");
            auto ver = attr(attrs, "transcript_version");
            key = tid;
            if (!ver.empty() && tid.find('.') == std::string::npos) tid += "." + std::string(ver);
            gene = std::string(attr(attrs, "gene_name"));
            if (gene.empty()) gene = std::string(attr(attrs, "gene_id"));
        } else {
            const std::string id = std::string(attr(attrs, "ID"));
            if (type == "gene") {
                auto name = attr(attrs, "Name");
                if (name.empty()) name = attr(attrs, "gene_name");
                if (!id.empty()) gene_names[id] = std::string(name);
                continue;
            }
            if (type == "exon" || type == "CDS" || type == "stop_codon") {
                key = std::string(attr(attrs, "Parent"));
                if (key.find(',') != std::string::npos) key = key.substr(0, key.find(','));
            } else {
                key = id;
            }
            if (key.empty()) throw InputError(where, "GFF3 " + std::string(type) + " row without " + (type == "exon" || type == "CDS" ? "Parent" : "ID"));
            tid = std::string(attr(attrs, "transcript_id"));
            if (tid.empty()) tid = strip_prefix(key);
            auto ver = attr(attrs, "version");
            if (!ver.empty() && tid.find('.') == std::string::npos && (type == "mRNA" || type == "transcript")) tid += "." + std::string(ver);
            gene = std::string(attr(attrs, "gene"));
            if (gene.empty()) gene = std::string(attr(attrs, "gene_name"));
            if (gene.empty() && (type == "mRNA" || type == "transcript" || type == "ncRNA" || type == "lnc_RNA")) {
                auto parent = std::string(attr(attrs, "Parent"));
                auto it = gene_names.find(parent);
                if (it != gene_names.end()) gene = it->second;
            }
        }
        auto [it, fresh] = by_id.try_emplace(key, out.size());
        if (fresh) {
            RawTranscript t;
            t.id = tid;
            t.seqid = std::string(c[0]);
            t.strand = c[6][0];
            t.first_line = line_no;
            out.push_back(std::move(t));
        }
        auto& t = out[it->second];
        if (t.seqid != c[0] || t.strand != c[6][0])
            throw InputError(where, "transcript " + t.id + " changes chromosome or strand (first seen at line " + std::to_string(t.first_line) + ")");
        if (t.gene.empty()) t.gene = gene;
        if (type == "mRNA" || type == "transcript" || type == "ncRNA" || type == "lnc_RNA") {
            t.id = tid;  // the transcript row carries the versioned id
            if (format == ModelFormat::gtf) {
                t.biotype = std::string(attr(attrs, "transcript_biotype"));
                if (t.biotype.empty()) t.biotype = std::string(attr(attrs, "transcript_type"));
                t.mane_select |= has_tag(attrs, "tag", "MANE_Select");
                t.canonical |= has_tag(attrs, "tag", "Ensembl_canonical");
            } else {
                t.biotype = std::string(attr(attrs, "biotype"));
                t.mane_select |= has_tag(attrs, "tag", "MANE Select") || has_tag(attrs, "tag", "MANE_Select");
                t.canonical |= has_tag(attrs, "tag", "Ensembl_canonical");
            }
            continue;
        }
        if (format == ModelFormat::gtf) {
            t.mane_select |= has_tag(attrs, "tag", "MANE_Select");
            t.canonical |= has_tag(attrs, "tag", "Ensembl_canonical");
        }
        const std::pair<std::int64_t, std::int64_t> iv{*b - 1, *e};
        if (type == "exon") t.exons.push_back(iv);
        else t.cds.push_back(iv);
    }
    int zerr = 0;
    gzerror(f.get(), &zerr);
    if (zerr != Z_OK && zerr != Z_STREAM_END) throw InputError(path, "read error (corrupt or truncated gzip?)");
    return out;
}

}  // namespace oncomatch::tx
