#include "io/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <stdexcept>
#include <thread>

#include "io/atomic_file.h"

extern char** environ;

namespace nrc {
namespace {

int StatusOf(int raw) {
  if (WIFEXITED(raw)) return WEXITSTATUS(raw);
  if (WIFSIGNALED(raw)) return 128 + WTERMSIG(raw);
  return 255;
}

}  // namespace

ChildProcess ChildProcess::Spawn(const std::vector<std::string>& argv, const Options& options) {
  if (argv.empty()) throw std::runtime_error("cannot start a program: empty command");
  // Opened here, not by the child: below an output folder it must not be a
  // link (io/atomic_file.h), and a refusal is this process's one-line error.
  const int out_fd = options.output_file.empty() ? -1 : OpenFileForWriting(options.output_file);
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (!options.output_file.empty()) {
    posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  }
  if (!options.working_dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.working_dir.c_str());
  short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  if (options.new_process_group) {
    flags |= POSIX_SPAWN_SETPGROUP;
    posix_spawnattr_setpgroup(&attr, 0);
  }
  posix_spawnattr_setflags(&attr, flags);

  // Environment: ours, with options.env overriding.
  std::map<std::string, std::string> env;
  std::vector<std::string> order;
  for (char** e = environ; e && *e; ++e) {
    const std::string kv(*e);
    const auto eq = kv.find('=');
    if (eq == std::string::npos) continue;
    const std::string k = kv.substr(0, eq);
    if (!env.count(k)) order.push_back(k);
    env[k] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : options.env) {
    if (!env.count(k)) order.push_back(k);
    env[k] = v;
  }
  std::vector<std::string> env_strings;
  for (const auto& k : order) env_strings.push_back(k + "=" + env[k]);
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  ChildProcess child;
  const bool search = argv[0].find('/') == std::string::npos;
  const int rc = search ? posix_spawnp(&child.pid_, args[0], &actions, &attr, args.data(), envp.data())
                        : posix_spawn(&child.pid_, args[0], &actions, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (out_fd >= 0) ::close(out_fd);
  if (rc != 0) {
    child.pid_ = -1;
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  }
  child.group_ = options.new_process_group;
  child.start_ = std::chrono::steady_clock::now();
  return child;
}

int ChildProcess::Run(const std::vector<std::string>& argv, const Options& options, double time_limit) {
  ChildProcess child = Spawn(argv, options);
  int status = 0;
  while (!child.Poll(&status)) {
    if (time_limit > 0 && child.Seconds() > time_limit) {
      child.Kill(SIGKILL);
      child.Wait();
      return 124;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return status;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& o) noexcept {
  if (this != &o) {
    if (running()) {
      Kill(SIGKILL);
      Wait();
    }
    pid_ = o.pid_;
    group_ = o.group_;
    exited_ = o.exited_;
    status_ = o.status_;
    start_ = o.start_;
    end_ = o.end_;
    o.pid_ = -1;
    o.exited_ = false;
  }
  return *this;
}

ChildProcess::~ChildProcess() {
  if (running()) {
    Kill(SIGKILL);
    Wait();
  }
}

bool ChildProcess::Poll(int* status) {
  if (pid_ <= 0) {
    if (status) *status = 255;
    return true;
  }
  if (!exited_) {
    int raw = 0;
    const pid_t r = ::waitpid(pid_, &raw, WNOHANG);
    if (r == 0) return false;
    exited_ = true;
    end_ = std::chrono::steady_clock::now();
    status_ = r == pid_ ? StatusOf(raw) : 255;
  }
  if (status) *status = status_;
  return true;
}

int ChildProcess::Wait() {
  if (pid_ <= 0) return 255;
  if (!exited_) {
    int raw = 0;
    pid_t r;
    do {
      r = ::waitpid(pid_, &raw, 0);
    } while (r < 0 && errno == EINTR);
    exited_ = true;
    end_ = std::chrono::steady_clock::now();
    status_ = r == pid_ ? StatusOf(raw) : 255;
  }
  return status_;
}

void ChildProcess::Kill(int sig) {
  if (!running()) return;
  if (group_) ::kill(-pid_, sig);
  ::kill(pid_, sig);
}

double ChildProcess::Seconds() const {
  const auto end = exited_ ? end_ : std::chrono::steady_clock::now();
  return std::chrono::duration<double>(end - start_).count();
}

}  // namespace nrc
