package io.dialtone.benchmarks.load;

import gov.nist.core.StackLogger;

import java.util.Properties;

/**
 * A JAIN-SIP RI stack logger that logs nothing, set through {@code gov.nist.javax.sip.STACK_LOGGER}.
 * The RI's default, {@code gov.nist.core.LogWriter}, needs log4j 1.x, which the benchmarks jar
 * does not carry; the load UAS runs with logging off anyway. The RI instantiates it by reflection.
 */
public final class JainSipNoLog implements StackLogger {
    public JainSipNoLog() {
    }

    @Override public void logStackTrace() { }
    @Override public void logStackTrace(int traceLevel) { }
    @Override public int getLineCount() { return 0; }
    @Override public void logException(Throwable ex) { }
    @Override public void logDebug(String message) { }
    @Override public void logDebug(String message, Exception ex) { }
    @Override public void logTrace(String message) { }
    @Override public void logFatalError(String message) { }
    @Override public void logError(String message) { }
    @Override public boolean isLoggingEnabled() { return false; }
    @Override public boolean isLoggingEnabled(int logLevel) { return false; }
    @Override public void logError(String message, Exception ex) { }
    @Override public void logWarning(String message) { }
    @Override public void logInfo(String message) { }
    @Override public void disableLogging() { }
    @Override public void enableLogging() { }
    @Override public void setBuildTimeStamp(String buildTimeStamp) { }
    @Override public void setStackProperties(Properties stackProperties) { }
    @Override public String getLoggerName() { return "none"; }
}
