package dev.kcwechat.common;

/** An exception told for the log: its type and message and those of its root cause (database errors name a constraint, never a secret). */
public final class Causes {

    private Causes() {
    }

    public static String of(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return root == e ? text : text + " (cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
