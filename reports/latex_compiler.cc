#include "reports/latex_compiler.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <system_error>

#include "io/child_process.h"
#include "io/input_file.h"

namespace nrc {
namespace {

bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
  }
  return false;
}

// The first error line of a TeX log: "! ..." or "file:line: ..." (with -file-line-error).
std::string FirstError(const std::filesystem::path& log) {
  std::istringstream in;
  try {
    in.str(ReadInputFile(log, InputKind::kText));
  } catch (const std::runtime_error&) {
    return "";  // no log: no error line to show
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("! ", 0) == 0) return line.substr(2);
    const auto colon = line.find(".tex:");
    if (colon != std::string::npos && line.find(": ", colon + 5) != std::string::npos) return line;
  }
  return "";
}

}  // namespace

std::string LatexCompiler::FindEngine() {
  if (OnPath("latexmk") && OnPath("pdflatex")) return "latexmk";
  if (OnPath("pdflatex")) return "pdflatex";
  return "";
}

LatexCompiler::Result LatexCompiler::Compile(const std::filesystem::path& tex_file, double time_limit) {
  Result r;
  r.engine = FindEngine();
  r.available = !r.engine.empty();
  if (!r.available) {
    r.message = "no TeX engine (latexmk/pdflatex) on the PATH: run tools/setup --tex to install one";
    return r;
  }
  const auto start = std::chrono::steady_clock::now();
  const std::filesystem::path dir = tex_file.parent_path().empty() ? "." : tex_file.parent_path();
  const std::string file = tex_file.filename().string();
  const std::string stem = tex_file.stem().string();
  r.pdf = dir / (stem + ".pdf");
  std::error_code ec;
  std::filesystem::remove(r.pdf, ec);  // a stale PDF must not pass for a new one
  ChildProcess::Options options;
  options.working_dir = dir;
  options.output_file = dir / (stem + ".build.log");
  options.new_process_group = true;
  int status = 0;
  if (r.engine == "latexmk") {
    status = ChildProcess::Run({"latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error",
                                "-silent", file},
                               options, time_limit);
  } else {
    for (int pass = 0; pass < 2 && status == 0; ++pass) {
      status = ChildProcess::Run({"pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", file},
                                 options, time_limit);
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.ok = status == 0 && std::filesystem::exists(r.pdf, ec);
  if (!r.ok) {
    std::string error = FirstError(dir / (stem + ".log"));
    if (status == 124) error = "timed out after " + std::to_string(static_cast<int>(time_limit)) + " s";
    r.message = r.engine + " failed on " + tex_file.string() + (error.empty() ? "" : ": " + error) + " (see " +
                (dir / (stem + ".log")).string() + ")";
  }
  return r;
}

}  // namespace nrc
