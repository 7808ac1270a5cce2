// nrc/reports/latex_compiler.h
//
// LatexCompiler: turns a standalone .tex file into a PDF beside it, with
// latexmk (-pdf, non-interactive, halting on the first error) when it is on
// the PATH, else with two pdflatex runs; nothing when neither is installed
// (`tools/setup --tex` installs both and the packages the reports use:
// booktabs, longtable, siunitx, pgfplots).
//
// The engine's output goes to NAME.build.log beside the .tex (plus the usual
// NAME.log); on failure `message` quotes the first error line of the log
// ("! ..." or "file:line: ...") so the caller can print one line. A run is
// killed after `time_limit` seconds. Never throws for a failed compilation;
// below an output folder a symbolic link among the files the engine writes
// (NAME.pdf, .log, .aux, ...) is refused before it runs (std::runtime_error,
// io/atomic_file.h).
#ifndef NRC_REPORTS_LATEX_COMPILER_H_
#define NRC_REPORTS_LATEX_COMPILER_H_

#include <filesystem>
#include <string>

namespace nrc {

struct LatexCompiler {
  struct Result {
    bool available = false;  // a TeX engine was found
    bool ok = false;         // the PDF was produced
    std::string engine;      // "latexmk" or "pdflatex"
    std::filesystem::path pdf;
    std::string message;     // one line: what went wrong (empty when ok)
    double seconds = 0;
  };
  // The engine that Compile would use ("latexmk", "pdflatex") or "".
  static std::string FindEngine();
  static Result Compile(const std::filesystem::path& tex_file, double time_limit = 600);
};

}  // namespace nrc

#endif  // NRC_REPORTS_LATEX_COMPILER_H_
