// JsonStream writes the bytes nlohmann::ordered_json::dump(2) writes for the same values: the
// JSON report's variant list is streamed through it and must not change a byte of the report.
#include "oncomatch/report/json_stream.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <sstream>

using namespace oncomatch;
using ojson = nlohmann::ordered_json;

namespace {

// Streams a DOM value member by member through JsonStream (scalars through the typed overloads).
void stream(JsonStream& w, const ojson& j) {
    switch (j.type()) {
        case ojson::value_t::object:
            w.begin_object();
            for (auto it = j.begin(); it != j.end(); ++it) {
                w.key(it.key());
                stream(w, *it);
            }
            w.end_object();
            break;
        case ojson::value_t::array:
            w.begin_array();
            for (const auto& e : j) stream(w, e);
            w.end_array();
            break;
        case ojson::value_t::string: w.value(j.get<std::string>()); break;
        case ojson::value_t::boolean: w.value(j.get<bool>()); break;
        case ojson::value_t::number_integer: w.value(j.get<std::int64_t>()); break;
        case ojson::value_t::number_unsigned: w.value(j.get<std::uint64_t>()); break;
        case ojson::value_t::number_float: w.value(j.get<double>()); break;
        default: w.null();
    }
}

std::string streamed(const ojson& j) {
    std::ostringstream os;
    JsonStream w(os);
    stream(w, j);
    w.finish();
    return os.str();
}

const ojson kSample = ojson::parse(R"({
  "schema_version": "1.0.0",
  "empty_object": {}, "empty_array": [],
  "nested": {"a": [1, -2, 3.5, 0.1, 1e-7, 12345678901234, null, true, false], "b": {"c": [[], [{}], {"d": []}]}},
  "text": "quote \" backslash \\ slash / tab \t newline \n cr \r bs \b ff \f ctl \u0001 \u001f del \u007f",
  "utf8": "非小细胞肺癌 é",
  "vaf": 0.4321, "whole": 3.0, "big": 18446744073709551615
})");

}  // namespace

TEST_CASE("JsonStream: the same bytes as nlohmann dump(2), member by member") {
    CHECK(streamed(kSample) == kSample.dump(2) + "\n");
    CHECK(streamed(ojson::array()) == "[]\n");
    CHECK(streamed(ojson::object()) == "{}\n");
    CHECK(streamed(ojson::parse(R"([[[1]]])")) == "[\n  [\n    [\n      1\n    ]\n  ]\n]\n");
}

TEST_CASE("JsonStream: DOM values are dumped at the current depth") {
    std::ostringstream os;
    JsonStream w(os);
    w.begin_object();
    w.key("head").value(kSample["nested"]);
    w.key("list").begin_array();
    w.value(kSample);
    w.value(ojson::array());
    w.end_array();
    w.key("opt").opt_str("");
    w.key("strings").strings({"V1", "V2"});
    w.end_object();
    w.finish();
    ojson expect = ojson::object();
    expect["head"] = kSample["nested"];
    expect["list"] = ojson::array({kSample, ojson::array()});
    expect["opt"] = nullptr;
    expect["strings"] = {"V1", "V2"};
    CHECK(os.str() == expect.dump(2) + "\n");
}

TEST_CASE("JsonStream: large output is handed over in blocks, whole") {
    ojson big = ojson::array();
    for (int i = 0; i < 20000; ++i) big.push_back({{"id", "V" + std::to_string(i)}, {"pos", i}, {"vaf", i / 7.0}});
    const std::string s = streamed(big);
    CHECK(s.size() > (1u << 16));
    CHECK(s == big.dump(2) + "\n");
}

TEST_CASE("JsonStream: invalid UTF-8 is refused as nlohmann refuses it; misuse is a logic error") {
    std::ostringstream os;
    JsonStream w(os);
    w.begin_array();
    CHECK_THROWS_AS(w.value(std::string("bad \xff byte")), ojson::type_error);
    JsonStream v(os);
    v.begin_object();
    CHECK_THROWS_AS(v.value(1), std::logic_error);  // a value in an object needs a key
    CHECK_THROWS_AS(v.end_array(), std::logic_error);
    CHECK_THROWS_AS(v.finish(), std::logic_error);  // the object is still open
    std::ostringstream nan_os;
    JsonStream m(nan_os);
    m.value(std::numeric_limits<double>::quiet_NaN());
    m.finish();
    CHECK(nan_os.str() == "null\n");  // as nlohmann dumps NaN
}

TEST_CASE("JsonStream: a character to escape is found at every position of strings of every length") {
    // The plain-run scan reads 16 bytes at a time and then one by one: each special byte at each
    // offset of strings from 0 to 40 bytes long must come out as nlohmann escapes it.
    for (const char special : {'"', '\\', '\n', '\x01', '\x1f', '\t'}) {
        for (std::size_t len = 1; len <= 40; ++len) {
            for (std::size_t at = 0; at < len; ++at) {
                std::string s(len, 'a');
                for (std::size_t k = 0; k < len; ++k) s[k] = static_cast<char>('a' + k % 26);
                s[at] = special;
                const ojson j = ojson::array({s});
                REQUIRE(streamed(j) == j.dump(2) + "\n");
            }
        }
    }
    for (std::size_t len = 0; len <= 40; ++len) {  // plain strings, and UTF-8 at the end of a long one
        const ojson j = ojson::array({std::string(len, 'x'), std::string(len, 'y') + "é"});
        CHECK(streamed(j) == j.dump(2) + "\n");
    }
}
