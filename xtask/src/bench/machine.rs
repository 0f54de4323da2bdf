//! The machine a run happened on, and CPU time as the kernel counts it per process.

use std::fs;
use std::io::Write;
use std::ops::Sub;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::util::Cmd;

pub struct Machine {
    pub cores: usize,
    pub memory_gib: f64,
    pub cpu: String,
    pub kernel: String,
    pub os: String,
    pub sync: SyncLatency,
}

impl Machine {
    pub fn detect() -> Result<Machine> {
        let meminfo = fs::read_to_string("/proc/meminfo")?;
        let memory_kib: f64 = field(&meminfo, "MemTotal")
            .and_then(|v| v.trim_end_matches("kB").trim().parse().ok())
            .context("/proc/meminfo has no MemTotal")?;
        let cpuinfo = fs::read_to_string("/proc/cpuinfo")?;
        let os = fs::read_to_string("/etc/os-release").unwrap_or_default();
        Ok(Machine {
            cores: std::thread::available_parallelism()?.get(),
            memory_gib: memory_kib / (1024.0 * 1024.0),
            cpu: field(&cpuinfo, "model name")
                .unwrap_or("unknown")
                .to_owned(),
            kernel: fs::read_to_string("/proc/sys/kernel/osrelease")?
                .trim()
                .to_owned(),
            os: field(&os.replace('=', ":"), "PRETTY_NAME")
                .unwrap_or("unknown")
                .trim_matches('"')
                .to_owned(),
            sync: SyncLatency::measure()?,
        })
    }
}

/// The value of the first `key: value` line.
fn field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        (k.trim() == key).then(|| v.trim())
    })
}

/// CPU time used by a process (or a set of them), split as the kernel splits it.
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuTime {
    pub user: Duration,
    pub system: Duration,
}

impl CpuTime {
    /// What this process (the load generator) has used so far.
    pub fn this_process() -> Result<CpuTime> {
        Self::read("/proc/self/stat")
    }

    pub fn of(pid: u32) -> Result<CpuTime> {
        Self::read(&format!("/proc/{pid}/stat"))
    }

    /// Every process named `postgres` (the PostgreSQL server and its backends).
    pub fn of_postgres() -> Result<CpuTime> {
        let mut total = CpuTime::default();
        for entry in fs::read_dir("/proc")? {
            let path = entry?.path().join("stat");
            // Processes come and go while we look: one that has gone counts nothing.
            if let Ok(stat) = fs::read_to_string(&path)
                && stat.contains("(postgres)")
                && let Ok(cpu) = parse(&stat)
            {
                total.user += cpu.user;
                total.system += cpu.system;
            }
        }
        Ok(total)
    }

    pub fn total(&self) -> Duration {
        self.user + self.system
    }

    /// CPU seconds per second of `wall`: 1.0 is one core busy all the time.
    pub fn cores_busy(&self, wall: Duration) -> f64 {
        self.total().as_secs_f64() / wall.as_secs_f64()
    }

    fn read(path: &str) -> Result<CpuTime> {
        parse(&fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?)
    }
}

impl Sub for CpuTime {
    type Output = CpuTime;

    fn sub(self, earlier: CpuTime) -> CpuTime {
        CpuTime {
            user: self.user.saturating_sub(earlier.user),
            system: self.system.saturating_sub(earlier.system),
        }
    }
}

/// `utime` and `stime` of a `/proc/<pid>/stat` line (fields 14 and 15, in clock
/// ticks). The command name in parentheses may hold spaces, so count from its end.
fn parse(stat: &str) -> Result<CpuTime> {
    let after_name = stat.rsplit_once(')').context("a stat line has (comm)")?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| -> Result<Duration> {
        let n: u64 = fields.get(i).context("a short stat line")?.parse()?;
        Ok(Duration::from_secs_f64(n as f64 / clock_ticks()))
    };
    Ok(CpuTime {
        user: ticks(11)?,
        system: ticks(12)?,
    })
}

fn clock_ticks() -> f64 {
    static TICKS: OnceLock<f64> = OnceLock::new();
    *TICKS.get_or_init(|| {
        Cmd::new("getconf")
            .args(["CLK_TCK"])
            .output()
            .ok()
            .and_then(|t| t.trim().parse().ok())
            // Linux reports 100 everywhere Glas runs.
            .unwrap_or(100.0)
    })
}

/// How long this disk takes to make a small write durable: `fdatasync` after
/// each 4 KiB append in the temporary directory (where the SQLite databases go),
/// the floor under every durable commit.
#[derive(Debug, Clone, Copy)]
pub struct SyncLatency {
    pub p50: Duration,
    pub p99: Duration,
}

impl SyncLatency {
    fn measure() -> Result<SyncLatency> {
        const WRITES: usize = 200;
        const TIME_LIMIT: Duration = Duration::from_secs(5);
        let mut file = tempfile::tempfile()?;
        let page = [0x5a_u8; 4096];
        let mut times = Vec::with_capacity(WRITES);
        let start = Instant::now();
        while times.len() < WRITES && start.elapsed() < TIME_LIMIT {
            let t = Instant::now();
            file.write_all(&page)?;
            file.sync_data()?;
            times.push(t.elapsed());
        }
        times.sort_unstable();
        let at = |q: f64| times[((q * times.len() as f64) as usize).min(times.len() - 1)];
        Ok(SyncLatency {
            p50: at(0.50),
            p99: at(0.99),
        })
    }
}

/// Counts `fsync` and `fdatasync` calls on the whole machine while it runs
/// (`perf stat` on the syscall tracepoints): the durable commits of a run.
pub struct SyncCounter {
    perf: Child,
    out: tempfile::NamedTempFile,
}

const SYNC_EVENTS: &str = "syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync";

impl SyncCounter {
    /// `None` where `perf` or its syscall tracepoints are missing.
    pub async fn start() -> Option<SyncCounter> {
        let out = tempfile::NamedTempFile::new().ok()?;
        let perf = Command::new("perf")
            .args(["stat", "-a", "-x,", "-e", SYNC_EVENTS, "-o"])
            .arg(out.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        // Counting starts once perf has set up its events.
        tokio::time::sleep(Duration::from_millis(300)).await;
        Some(SyncCounter { perf, out })
    }

    /// Stops counting (SIGINT, as perf expects) and returns the count.
    pub async fn stop(mut self) -> Option<u64> {
        Cmd::new("kill")
            .args(["-INT", &self.perf.id().to_string()])
            .run()
            .ok()?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.perf.try_wait().ok()?.is_none() {
            if Instant::now() > deadline {
                let _ = self.perf.kill();
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let report = fs::read_to_string(self.out.path()).ok()?;
        let counts: Vec<u64> = report
            .lines()
            .filter(|l| l.contains("syscalls:"))
            .map(|l| l.split(',').next()?.parse().ok())
            .collect::<Option<_>>()?;
        (counts.len() == 2).then(|| counts.iter().sum())
    }
}
