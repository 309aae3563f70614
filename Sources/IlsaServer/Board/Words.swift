import IlsaEngine
import IlsaStore

/// The board's words: Korean first, English beside it.
enum Words {
    static func state(_ state: TaskState) -> String {
        switch state {
        case .open: "대기 open"
        case .acknowledged: "확인 acknowledged"
        case .inProgress: "진행 in progress"
        case .done: "완료 done"
        case .failed: "실패 failed"
        case .cancelled: "취소 cancelled"
        }
    }

    static func runStatus(_ status: RunStatus) -> String {
        switch status {
        case .running: "진행 running"
        case .waiting: "대기 waiting"
        case .paused: "보류 paused"
        case .completed: "종료 completed"
        case .failed: "실패 failed"
        case .cancelled: "취소 cancelled"
        }
    }

    static func priority(_ priority: String) -> String {
        ["urgent": "긴급 urgent", "high": "높음 high", "normal": "보통 normal", "low": "낮음 low"][priority] ?? priority
    }

    static func severity(_ severity: String) -> String {
        ReadModelJSON.koreanSeverity[severity].map { "\($0) \(severity)" } ?? severity
    }

    /// The buttons a task's state offers: the action's path word and its label.
    static func actions(for state: TaskState) -> [(word: String, label: String)] {
        switch state {
        case .open: [("ack", "확인 Acknowledge"), ("start", "시작 Start"), ("done", "완료 Complete")]
        case .acknowledged: [("start", "시작 Start"), ("done", "완료 Complete")]
        case .inProgress: [("done", "완료 Complete")]
        case .done, .failed, .cancelled: []
        }
    }
}
