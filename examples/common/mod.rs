//! Helpers shared by the evaluation examples (`eval_extract`, `eval_bbc`).

/// Precision, recall and F1 from true positives, false positives and
/// false negatives, on one line with the counts.
pub fn prf_line(tp: usize, fp: usize, fn_: usize) -> String {
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    format!("P={p:.3} R={r:.3} F1={f1:.3} (tp {tp} fp {fp} fn {fn_})")
}
