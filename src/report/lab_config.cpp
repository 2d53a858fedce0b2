// Lab configuration loader (see lab_config.hpp).
#include "oncomatch/report/lab_config.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "oncomatch/error.hpp"

namespace oncomatch::render {

namespace fs = std::filesystem;

namespace {

std::string where(const std::string& file, const YAML::Mark& m) {
    if (m.line < 0) return file;
    return file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

const char* kHint = "see the lab configuration keys in README.md (name, address, logo, accreditation, signatories, disclaimer; name_zh, address_zh, disclaimer_zh)";

std::string scalar(const std::string& file, const YAML::Node& n, const std::string& key) {
    if (!n.IsScalar()) throw InputError(where(file, n.Mark()), "'" + key + "' must be text", kHint);
    return n.as<std::string>();
}

}  // namespace

LabConfig load_lab_config(const std::string& path) {
    std::ifstream probe(path);
    if (!probe) throw InputError(path, "cannot open the lab configuration", "check --lab-config");
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::Exception& e) {
        throw InputError(where(path, e.mark), "not valid YAML: " + e.msg, "check the indentation and quoting");
    }
    if (!root.IsMap()) throw InputError(where(path, root.Mark()), "the lab configuration must be a mapping of keys", kHint);
    static const std::set<std::string> known = {"name", "address", "logo", "accreditation", "signatories", "disclaimer",
                                                "name_zh", "address_zh", "disclaimer_zh"};
    LabConfig c;
    for (const auto& kv : root) {
        const std::string key = kv.first.as<std::string>();
        const YAML::Node& v = kv.second;
        if (!known.count(key)) throw InputError(where(path, kv.first.Mark()), "unknown key '" + key + "'", kHint);
        if (key == "name") {
            c.name = scalar(path, v, key);
        } else if (key == "name_zh") {
            c.name_zh = scalar(path, v, key);
        } else if (key == "disclaimer_zh") {
            c.disclaimer_zh = scalar(path, v, key);
        } else if (key == "address" || key == "address_zh") {
            auto& lines = key == "address" ? c.address : c.address_zh;
            if (v.IsSequence()) {
                for (const auto& line : v) lines.push_back(scalar(path, line, key));
            } else {
                lines.push_back(scalar(path, v, key));
            }
        } else if (key == "logo") {
            const std::string rel = scalar(path, v, key);
            fs::path p(rel);
            if (p.is_relative()) p = fs::path(path).parent_path() / p;
            std::ifstream img(p, std::ios::binary);
            if (!img) throw InputError(where(path, v.Mark()), "logo file '" + p.string() + "' cannot be opened", "give a PNG file, relative to the lab configuration");
            char sig[8] = {};
            img.read(sig, 8);
            if (img.gcount() != 8 || std::string(sig, 8) != "\x89PNG\r\n\x1a\n")
                throw InputError(where(path, v.Mark()), "logo file '" + p.string() + "' is not a PNG image", "convert the logo to PNG");
            c.logo_path = p.string();
        } else if (key == "accreditation") {
            c.accreditation = scalar(path, v, key);
        } else if (key == "disclaimer") {
            c.disclaimer = scalar(path, v, key);
        } else if (key == "signatories") {
            if (!v.IsSequence()) throw InputError(where(path, v.Mark()), "'signatories' must be a list of {name, role}", kHint);
            for (const auto& s : v) {
                if (!s.IsMap()) throw InputError(where(path, s.Mark()), "a signatory must be a mapping {name, role}", kHint);
                Signatory sg;
                for (const auto& skv : s) {
                    const std::string sk = skv.first.as<std::string>();
                    if (sk == "name") sg.name = scalar(path, skv.second, sk);
                    else if (sk == "role") sg.role = scalar(path, skv.second, sk);
                    else throw InputError(where(path, skv.first.Mark()), "unknown signatory key '" + sk + "'", "a signatory has 'name' and 'role'");
                }
                if (sg.name.empty()) throw InputError(where(path, s.Mark()), "a signatory has no 'name'", "add name: ...");
                c.signatories.push_back(std::move(sg));
            }
        }
    }
    if (c.name.empty()) throw InputError(where(path, root.Mark()), "the lab configuration has no 'name'", "add name: YOUR LABORATORY");
    return c;
}

}  // namespace oncomatch::render
