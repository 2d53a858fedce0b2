#!/usr/bin/env nextflow
// oncomatch on Nextflow (DSL2): one task per sample of an oncomatch sample sheet, then the cohort
// summary; the same inputs and outputs as pipelines/snakemake and `oncomatch batch`:
//   in : --samplesheet SHEET (TSV/CSV: sample, input, tumor_type, [genome, vcf_sample, sex, age,
//        country, notes, clinical]); relative inputs resolve against the sheet's folder
//   out: OUTDIR/SAMPLE.oncomatch.{json,tsv}, OUTDIR/cohort.oncomatch.tsv, OUTDIR/cohort.html,
//        OUTDIR/oncomatch_mqc.json, OUTDIR/pipeline_info/versions.yml
nextflow.enable.dsl = 2

include { ONCOMATCH_ANNOTATE } from './modules/local/oncomatch/annotate/main'
include { ONCOMATCH_COHORT   } from './modules/local/oncomatch/cohort/main'

// Rows of the sheet as maps with lower-case column names; blank and '#' lines are skipped.
def read_sheet(sheet) {
    def sep = sheet.name.toLowerCase().endsWith('.csv') ? ',' : '\t'
    def text = sheet.text.readLines().findAll { it.trim() && !it.trim().startsWith('#') }.join('\n')
    return Channel.of(text).splitCsv(header: true, sep: sep, quote: '"')
        .map { row -> row.collectEntries { k, v -> [(k.trim().toLowerCase()): (v ?: '').trim()] } }
}

def sample_meta(row) {
    def clinical = ['sex', 'age', 'country'].findAll { row[it] }.collect { "${it}=${row[it]}" }
    clinical += (row.clinical ?: '').tokenize(';')*.trim().findAll { it }
    return [id: row.sample, tumor_type: row.tumor_type, genome: row.genome ?: '', vcf_sample: row.vcf_sample ?: '', clinical: clinical]
}

workflow {
    if (!params.samplesheet) { error "give --samplesheet SHEET (see pipelines/nextflow/README.md)" }
    def sheet = file(params.samplesheet, checkIfExists: true)
    def kb    = file(params.kb, checkIfExists: true)

    ch_samples = read_sheet(sheet).map { row ->
        def input = row.input.startsWith('/') ? file(row.input) : sheet.parent.resolve(row.input)
        [ sample_meta(row), input ]
    }

    ONCOMATCH_ANNOTATE(ch_samples, kb)
    ONCOMATCH_COHORT(sheet, ONCOMATCH_ANNOTATE.out.json.map { meta, json -> json }.collect(), kb)

    ONCOMATCH_ANNOTATE.out.versions.first()
        .mix(ONCOMATCH_COHORT.out.versions)
        .collectFile(name: 'versions.yml', storeDir: "${params.outdir}/pipeline_info")
}
