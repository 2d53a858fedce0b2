#pragma once
// Owning handles for htslib objects (unique_ptr with deleters), so no handle leaks on any path.
#include <htslib/faidx.h>
#include <htslib/hts.h>
#include <htslib/kseq.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <cstdlib>
#include <memory>

namespace oncomatch::hts {

struct FileCloser { void operator()(htsFile* f) const { if (f) hts_close(f); } };
struct HeaderDeleter { void operator()(bcf_hdr_t* h) const { if (h) bcf_hdr_destroy(h); } };
struct RecordDeleter { void operator()(bcf1_t* r) const { if (r) bcf_destroy(r); } };
struct TbxDeleter { void operator()(tbx_t* t) const { if (t) tbx_destroy(t); } };
struct IndexDeleter { void operator()(hts_idx_t* i) const { if (i) hts_idx_destroy(i); } };
struct ItrDeleter { void operator()(hts_itr_t* i) const { if (i) hts_itr_destroy(i); } };
struct FaiDeleter { void operator()(faidx_t* f) const { if (f) fai_destroy(f); } };

using File = std::unique_ptr<htsFile, FileCloser>;
using Header = std::unique_ptr<bcf_hdr_t, HeaderDeleter>;
using Record = std::unique_ptr<bcf1_t, RecordDeleter>;
using Tbx = std::unique_ptr<tbx_t, TbxDeleter>;
using Index = std::unique_ptr<hts_idx_t, IndexDeleter>;
using Itr = std::unique_ptr<hts_itr_t, ItrDeleter>;
using Fai = std::unique_ptr<faidx_t, FaiDeleter>;

// kstring_t owned for a scope.
struct KString {
    kstring_t s{0, 0, nullptr};
    KString() = default;
    KString(const KString&) = delete;
    KString& operator=(const KString&) = delete;
    ~KString() { std::free(s.s); }
};

}  // namespace oncomatch::hts
