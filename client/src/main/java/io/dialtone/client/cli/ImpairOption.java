package io.dialtone.client.cli;

import io.dialtone.transport.ImpairmentConfig;
import io.dialtone.transport.TransportMetrics;
import picocli.CommandLine;

/** The {@code --impair SPEC} option value: {@link ImpairmentConfig#parse}, its error as picocli's. */
final class ImpairOption implements CommandLine.ITypeConverter<ImpairmentConfig> {
    static final String DESCRIPTION = "Seeded impairment of SIP signalling and RTP/RTCP datagrams sent and "
            + "received, e.g. loss=20%%,delay=20ms,jitter=10ms,dup=1%%,reorder=1%%[,seed=42]; the seed in use is "
            + "printed. SIP over UDP and every call's RTP/RTCP are impaired; TCP is not.";

    /** One line for stderr: what the impairment did, beside the messages that went through. */
    static String counters(TransportMetrics m) {
        return "impairment dropped " + m.impairedDropped() + ", duplicated " + m.impairedDuplicated()
                + ", delayed " + m.impairedDelayed() + ", reordered " + m.impairedReordered()
                + " datagram(s); messages in " + m.messagesIn() + ", out " + m.messagesOut();
    }

    @Override
    public ImpairmentConfig convert(String value) {
        try {
            return ImpairmentConfig.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
