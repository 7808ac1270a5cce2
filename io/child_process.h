// nrc/io/child_process.h
//
// ChildProcess: one program started with posix_spawn, its standard output and
// standard error sent to a file, polled without blocking. nrc runs work that
// needs its own MPFR precision (which is process-global, numerics/precision.h)
// or an outside tool (latexmk, property-test executables) this way.
//
//   Spawn(argv, options)  starts argv[0] (a path; not searched in PATH unless
//                         it has no '/', then PATH is searched), in
//                         options.working_dir (if not empty), with stdin from
//                         /dev/null and stdout+stderr truncated into
//                         options.output_file (if empty: inherited; opened
//                         by this process with OpenFileForWriting, so never
//                         through a link below an output folder:
//                         io/atomic_file.h; relative to this process's
//                         working folder), the
//                         environment plus options.env (overriding), and, if
//                         options.new_process_group, in a process group of its
//                         own (Kill then reaches its children too).
//                         Throws std::runtime_error("cannot start PROG: ...")
//                         or ("cannot write OUTPUT_FILE: ...").
//   Poll(&status)         true once it has exited; status = exit code, or
//                         128 + signal number if killed by a signal.
//   Wait()                blocks until it exits; returns the status.
//   Kill(sig)             signals the process (its group with
//                         new_process_group); harmless after it exited.
// The destructor of a still-running child kills it (SIGKILL) and reaps it,
// so no child outlives its ChildProcess by accident. Movable, not copyable.
#ifndef NRC_IO_CHILD_PROCESS_H_
#define NRC_IO_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace nrc {

class ChildProcess {
 public:
  struct Options {
    std::filesystem::path working_dir;
    std::filesystem::path output_file;
    std::vector<std::pair<std::string, std::string>> env;
    bool new_process_group = false;
  };

  static ChildProcess Spawn(const std::vector<std::string>& argv, const Options& options);
  // Runs to completion (with a time limit in seconds, <= 0: none; on expiry
  // the child is killed and 124 returned, as timeout(1) does).
  static int Run(const std::vector<std::string>& argv, const Options& options, double time_limit = 0);

  ChildProcess() = default;
  ChildProcess(ChildProcess&& o) noexcept { *this = std::move(o); }
  ChildProcess& operator=(ChildProcess&& o) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  bool Poll(int* status);
  int Wait();
  void Kill(int sig);
  bool running() const { return pid_ > 0 && !exited_; }
  pid_t pid() const { return pid_; }
  double Seconds() const;

 private:
  pid_t pid_ = -1;
  bool group_ = false;
  bool exited_ = false;
  int status_ = 0;
  std::chrono::steady_clock::time_point start_, end_;
};

}  // namespace nrc

#endif  // NRC_IO_CHILD_PROCESS_H_
