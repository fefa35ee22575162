// glibc functions the Swift Glibc module hides (GNU extensions, variadics), found with dlsym
// at first use so the module needs no C shim. Each may be nil on an older libc; callers fall back.
import Glibc

struct LibcExtras: @unchecked Sendable {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    typealias PidfdOpen = @convention(c) (pid_t, UInt32) -> Int32
    /// prctl is variadic in C; with only integer arguments the fixed-arity call is ABI-compatible.
    typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32

    let addChdir: AddChdir?
    let addCloseFrom: AddCloseFrom?
    let pipe2: Pipe2?
    let pidfdOpen: PidfdOpen?
    let prctl: Prctl?

    static let shared = LibcExtras()

    private init() {
        func find<T>(_ name: String, as type: T.Type) -> T? {
            guard let symbol = dlsym(nil, name) else { return nil }  // nil handle = RTLD_DEFAULT
            return unsafeBitCast(symbol, to: type)
        }
        addChdir = find("posix_spawn_file_actions_addchdir_np", as: AddChdir.self)
        addCloseFrom = find("posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self)
        pipe2 = find("pipe2", as: Pipe2.self)
        pidfdOpen = find("pidfd_open", as: PidfdOpen.self)
        prctl = find("prctl", as: Prctl.self)
    }
}

/// Wait-status decoding by hand: WIFEXITED and friends are macros Swift does not import.
enum WaitStatus {
    static func termination(_ status: Int32) -> ProcessTermination {
        let low = status & 0x7f
        if low == 0 { return .exited((status >> 8) & 0xff) }
        if low != 0x7f { return .signaled(low) }
        return .exited(-1)  // stopped: cannot come from waitpid without WUNTRACED
    }
}

/// Retries a syscall-style call while it fails with EINTR.
@inline(__always)
func retryingEINTR<T: BinaryInteger>(_ body: () -> T) -> T {
    while true {
        let result = body()
        if result == -1 && errno == EINTR { continue }
        return result
    }
}

func errnoText(_ code: Int32) -> String {
    String(cString: strerror(code))
}
