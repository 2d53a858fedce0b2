#!/usr/bin/env python3
"""Minimal UCSC chain-file lifter for single 1-based positions.

Usage:
  liftover.py CHAIN CHROM:POS [CHROM:POS ...]
  liftover.py CHAIN --tsv FILE      # FILE: chrom<TAB>pos[<TAB>anything...] per line

Output (TSV): query chrom, query pos, target chrom, target pos, target strand
(+ when the chain keeps the orientation, - when the region is reversed, so a
REF/ALT base must be complemented), chain id; or "UNMAPPED" with a reason.

Chain format (https://genome.ucsc.edu/goldenPath/help/chain.html):
  chain score tName tSize tStrand tStart tEnd qName qSize qStrand qStart qEnd id
  size dt dq   (dt/dq: gap after the block in the reference / query)
  size         (last block)
Coordinates are 0-based half-open; on a '-' strand they count from the end
of the reverse-complemented sequence. In a liftOver chain the "t" side is the
source assembly and the "q" side the destination.

Library use:
  lo = ChainLifter(path); lo.lift("7", 140453136) -> [(chrom, pos, strand, chain_id), ...]
The first hit is the chosen one (the chain file order breaks ties: UCSC liftOver
chains list the primary chain first); several hits mean the position maps to
more than one place.
"""
import bisect
import sys


def _norm(chrom):
    c = str(chrom)
    if c.lower().startswith("chr"):
        c = c[3:]
    if c == "M":
        c = "MT"
    return c


class ChainLifter:
    def __init__(self, path):
        # per source chrom: sorted list of (tStart, tEnd, qStart, qName, qSize, qStrand, order, chain_id)
        blocks = {}
        order = 0
        seen = set()
        with open(path) as fh:
            hdr = None
            t = q = 0
            for line in fh:
                f = line.split()
                if not f:
                    hdr = None
                    continue
                if f[0] == "chain":
                    (_, _score, tname, _tsize, tstrand, tstart, _tend,
                     qname, qsize, qstrand, qstart, _qend, cid) = f[:13]
                    if tstrand != "+":
                        raise ValueError("source strand '-' not supported: %s" % line.strip())
                    key = (_norm(tname), tstart, _tend, _norm(qname), qstrand, qstart, _qend)
                    if key in seen:      # some chain files list each chain twice ("7" and "chr7")
                        hdr = None
                        continue
                    seen.add(key)
                    hdr = (_norm(tname), _norm(qname), int(qsize), qstrand, order, cid)
                    order += 1
                    t, q = int(tstart), int(qstart)
                    continue
                if hdr is None:
                    continue
                size = int(f[0])
                tname, qname, qsize, qstrand, o, cid = hdr
                blocks.setdefault(tname, []).append((t, t + size, q, qname, qsize, qstrand, o, cid))
                t += size
                q += size
                if len(f) >= 3:
                    t += int(f[1])
                    q += int(f[2])
        self.blocks = {}
        self.starts = {}
        self.maxlen = {}
        for k, v in blocks.items():
            v.sort()
            self.blocks[k] = v
            self.starts[k] = [b[0] for b in v]
            self.maxlen[k] = max(b[1] - b[0] for b in v)

    def lift(self, chrom, pos):
        """Lift a 1-based position. Returns a list of (chrom, pos1, strand, chain_id)."""
        c = _norm(chrom)
        if c not in self.blocks:
            return []
        p0 = int(pos) - 1
        bl = self.blocks[c]
        i = bisect.bisect_right(self.starts[c], p0) - 1
        hits = []
        lo = bisect.bisect_left(self.starts[c], p0 - self.maxlen[c])
        for j in range(max(lo, 0), i + 1):
            ts, te, qs, qname, qsize, qstrand, o, cid = bl[j]
            if ts <= p0 < te:
                qp = qs + (p0 - ts)
                if qstrand == "-":
                    qp = qsize - 1 - qp
                hits.append((o, qname, qp + 1, qstrand, cid))
        hits.sort()
        return [(h[1], h[2], h[3], h[4]) for h in hits]


COMP = {"A": "T", "C": "G", "G": "C", "T": "A", "N": "N"}


def revcomp(seq):
    return "".join(COMP[b] for b in reversed(seq.upper()))


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) > 1 else 2
    lo = ChainLifter(argv[1])
    queries = []
    if argv[2] == "--tsv":
        with open(argv[3]) as fh:
            for line in fh:
                if line.strip() and not line.startswith("#"):
                    f = line.rstrip("\n").split("\t")
                    queries.append((f[0], int(f[1])))
    else:
        for a in argv[2:]:
            c, p = a.rsplit(":", 1)
            queries.append((c, int(p.replace(",", ""))))
    unmapped = 0
    for c, p in queries:
        hits = lo.lift(c, p)
        if not hits:
            unmapped += 1
            print("%s\t%d\tUNMAPPED\tno chain block covers this position" % (c, p))
            continue
        for k, (qc, qp, st, cid) in enumerate(hits):
            extra = "" if k == 0 else "\talternative"
            print("%s\t%d\t%s\t%d\t%s\t%s%s" % (c, p, qc, qp, st, cid, extra))
    if unmapped:
        print("# %d of %d positions unmapped" % (unmapped, len(queries)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
