// Sample sheet reader for `oncomatch batch` (see header). CSV follows RFC 4180 quoting on one
// line ("a,b" and "" for a quote); TSV fields are taken as written. Blank lines and lines
// starting with '#' are ignored; fields are trimmed of surrounding spaces.
#include "oncomatch/batch/sample_sheet.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "oncomatch/cli/annotate.hpp"
#include "oncomatch/error.hpp"
#include "oncomatch/util/strings.hpp"

namespace fs = std::filesystem;

namespace oncomatch::batch {

namespace {

struct Field {
    std::string text;
    int col = 1;  // 1-based character column where the field starts
};

std::string where(const fs::path& p, int line, int col) {
    return p.string() + ":" + std::to_string(line) + ":" + std::to_string(col);
}

std::vector<Field> split_line(const std::string& s, char delim, const fs::path& path, int line) {
    std::vector<Field> out;
    std::size_t i = 0;
    while (true) {
        Field f;
        f.col = static_cast<int>(i) + 1;
        // Leading spaces before an opening quote are allowed in CSV.
        std::size_t j = i;
        while (delim == ',' && j < s.size() && s[j] == ' ') ++j;
        if (delim == ',' && j < s.size() && s[j] == '"') {
            std::size_t k = j + 1;
            bool closed = false;
            while (k < s.size()) {
                if (s[k] == '"') {
                    if (k + 1 < s.size() && s[k + 1] == '"') {
                        f.text += '"';
                        k += 2;
                        continue;
                    }
                    closed = true;
                    ++k;
                    break;
                }
                f.text += s[k++];
            }
            if (!closed)
                throw InputError(where(path, line, static_cast<int>(j) + 1), "unterminated quoted field",
                                 "close the quote on the same line (fields cannot span lines)");
            while (k < s.size() && s[k] == ' ') ++k;
            if (k < s.size() && s[k] != delim)
                throw InputError(where(path, line, static_cast<int>(k) + 1), "unexpected text after a quoted field",
                                 "write a quote inside a quoted field as \"\"");
            f.text = std::string(trim(f.text));
            out.push_back(std::move(f));
            if (k >= s.size()) break;
            i = k + 1;
            continue;
        }
        std::size_t e = s.find(delim, i);
        const std::string raw = s.substr(i, e == std::string::npos ? std::string::npos : e - i);
        f.text = std::string(trim(raw));
        if (delim == ',' && f.text.find('"') != std::string::npos)
            throw InputError(where(path, line, f.col), "a quote inside an unquoted field", "quote the whole field: \"...\"");
        out.push_back(std::move(f));
        if (e == std::string::npos) break;
        i = e + 1;
    }
    return out;
}

char detect_delimiter(const fs::path& path, const std::string& header) {
    const std::string ext = to_lower(path.extension().string());
    if (ext == ".csv") return ',';
    if (ext == ".tsv" || ext == ".txt" || ext == ".tab") return '\t';
    return header.find('\t') != std::string::npos ? '\t' : ',';
}

}  // namespace

const std::vector<std::string>& sheet_columns() {
    static const std::vector<std::string> cols = {"sample", "input", "tumor_type", "genome", "vcf_sample",
                                                  "sex", "age", "country", "notes", "clinical"};
    return cols;
}

bool is_reserved_sample_id(const std::string& id) {
    // batch writes cohort.oncomatch.tsv, cohort.html, batch.log and oncomatch_mqc.json beside
    // the per-sample reports; a sample named "cohort" would overwrite the summary.
    return iequals(id, "cohort");
}

SampleSheet read_sample_sheet(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string(), "cannot open the sample sheet", "check the path");
    SampleSheet sheet;
    sheet.path = path;
    const fs::path base = path.has_parent_path() ? path.parent_path() : fs::path(".");

    std::string text;
    int line_no = 0;
    std::map<std::string, std::size_t> col_of;  // column name -> field index
    int header_line = 0;
    std::map<std::string, int> id_line;  // lower-case id -> line
    while (std::getline(in, text)) {
        ++line_no;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (line_no == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // UTF-8 byte order mark
        if (trim(text).empty() || trim(text)[0] == '#') continue;
        if (header_line == 0) {
            header_line = line_no;
            sheet.delimiter = detect_delimiter(path, text);
            const auto fields = split_line(text, sheet.delimiter, path, line_no);
            std::vector<std::string> unknown;
            int first_unknown_col = 0;
            for (std::size_t i = 0; i < fields.size(); ++i) {
                const std::string name = to_lower(fields[i].text);
                const auto& known = sheet_columns();
                if (std::find(known.begin(), known.end(), name) == known.end()) {
                    unknown.push_back("'" + fields[i].text + "'");
                    if (!first_unknown_col) first_unknown_col = fields[i].col;
                    continue;
                }
                if (!col_of.emplace(name, i).second)
                    throw InputError(where(path, line_no, fields[i].col), "column '" + name + "' appears twice in the header");
            }
            if (!unknown.empty())
                throw InputError(where(path, line_no, first_unknown_col), "unknown column(s) " + join(unknown, ", "),
                                 "known columns: " + join(sheet_columns(), ", ") + " (a header row is required)");
            for (const char* req : {"sample", "input", "tumor_type"})
                if (!col_of.count(req))
                    throw InputError(where(path, line_no, 1), std::string("the header has no '") + req + "' column",
                                     "the sheet needs a header row with at least: sample, input, tumor_type");
            continue;
        }
        const auto fields = split_line(text, sheet.delimiter, path, line_no);
        const std::size_t expected = col_of.size();  // every header field is a known, distinct column
        if (fields.size() != expected) {
            const int col = fields.size() > expected ? fields[expected].col : static_cast<int>(text.size()) + 1;
            throw InputError(where(path, line_no, col),
                             std::to_string(fields.size()) + " field(s) but the header has " + std::to_string(expected),
                             std::string("separate fields with ") + (sheet.delimiter == '\t' ? "tabs" : "commas") +
                                 (sheet.delimiter == ',' ? "; quote a field that contains a comma" : ""));
        }
        auto get = [&](const char* name) -> const Field* {
            auto it = col_of.find(name);
            return it == col_of.end() ? nullptr : &fields[it->second];
        };
        auto required = [&](const char* name) -> const Field& {
            const Field* f = get(name);
            if (f->text.empty()) throw InputError(where(path, line_no, f->col), std::string("empty '") + name + "'", "every row needs sample, input and tumor_type");
            return *f;
        };
        SheetRow row;
        row.line = line_no;
        const Field& sample = required("sample");
        row.sample = sample.text;
        if (!cli::is_safe_id(row.sample))
            throw InputError(where(path, line_no, sample.col), "sample id '" + row.sample + "' is not a safe file name",
                             "use letters, digits, '.', '_' and '-' only, not starting with '.' or '-'");
        if (is_reserved_sample_id(row.sample))
            throw InputError(where(path, line_no, sample.col), "sample id '" + row.sample + "' is reserved (batch writes cohort.oncomatch.tsv)",
                             "rename the sample");
        auto [it, fresh] = id_line.emplace(to_lower(row.sample), line_no);
        if (!fresh)
            throw InputError(where(path, line_no, sample.col), "duplicate sample id '" + row.sample + "' (first on line " + std::to_string(it->second) + ")",
                             "sample ids name the report files and must be unique (compared ignoring case)");
        const Field& input = required("input");
        row.input = input.text;
        if (row.input == "-") throw InputError(where(path, line_no, input.col), "input '-' (stdin) cannot be used in a sample sheet", "give a file path");
        fs::path ip(row.input);
        row.input_path = ip.is_absolute() ? ip : (base / ip).lexically_normal();
        row.tumor_type = required("tumor_type").text;
        if (const Field* g = get("genome"); g && !g->text.empty()) {
            row.genome = parse_build(g->text);
            if (!row.genome) throw InputError(where(path, line_no, g->col), "unknown genome '" + g->text + "'", "use GRCh38 or GRCh37 (or leave empty)");
        }
        if (const Field* v = get("vcf_sample")) row.vcf_sample = v->text;
        if (const Field* n = get("notes")) row.notes = n->text;
        std::set<std::string> keys;
        auto add_clinical = [&](const std::string& kv, int col) {
            std::pair<std::string, std::string> p;
            try {
                p = cli::parse_clinical(kv);
            } catch (const Error& e) {
                throw InputError(where(path, line_no, col), e.what(), e.hint());
            }
            if (!keys.insert(p.first).second)
                throw InputError(where(path, line_no, col), "clinical key '" + p.first + "' given twice for this sample",
                                 "give each key once: either its own column (sex, age, country) or in 'clinical'");
            row.clinical.push_back(std::move(p));
        };
        for (const char* key : {"sex", "age", "country"})
            if (const Field* f = get(key); f && !f->text.empty()) add_clinical(std::string(key) + "=" + f->text, f->col);
        if (const Field* c = get("clinical"); c && !c->text.empty())
            for (const auto& part : split_copy(c->text, ';')) {
                const std::string kv(trim(part));
                if (!kv.empty()) add_clinical(kv, c->col);
            }
        sheet.rows.push_back(std::move(row));
    }
    if (header_line == 0) throw InputError(path.string(), "the sample sheet is empty", "write a header row (sample, input, tumor_type, ...) and one row per sample");
    if (sheet.rows.empty()) throw InputError(path.string(), "the sample sheet has a header but no samples");
    return sheet;
}

}  // namespace oncomatch::batch
