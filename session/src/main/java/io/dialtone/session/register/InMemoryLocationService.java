package io.dialtone.session.register;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A {@link LocationService} in memory, with explicit caps.
 *
 * <table>
 * <caption>Limits</caption>
 * <tr><th>name</th><th>default</th><th>unit</th><th>effect</th></tr>
 * <tr><td>maxBindingsPerAor</td><td>10</td><td>bindings</td><td>a REGISTER that would leave more is refused 403</td></tr>
 * <tr><td>maxBindingsTotal</td><td>100,000</td><td>bindings</td><td>a REGISTER that would exceed it is refused 503</td></tr>
 * <tr><td>forgetAfter</td><td>1 h</td><td></td><td>an AOR left without bindings stays known (480, not 404) this long,
 *     then {@link #purgeExpired} forgets it</td></tr>
 * </table>
 *
 * <p>Threading: thread-safe and non-blocking; each AOR is updated atomically by
 * {@link ConcurrentHashMap#compute}, and the total cap is reserved with a compare-and-set, so it
 * is never exceeded.
 */
public final class InMemoryLocationService implements LocationService {
    /** The bindings of one AOR, most preferred first; {@code emptySince} set while there are none. */
    private record Entry(List<Binding> bindings, Instant emptySince) {}

    private static final Comparator<Binding> PREFERENCE = Comparator.comparingDouble(Binding::rank).reversed()
            .thenComparing(Binding::expiresAt, Comparator.reverseOrder());

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final int maxBindingsPerAor;
    private final int maxBindingsTotal;
    private final Duration forgetAfter;

    /** With the defaults of the class table. */
    public InMemoryLocationService() {
        this(10, 100_000, Duration.ofHours(1));
    }

    /**
     * @param maxBindingsPerAor at least 1
     * @param maxBindingsTotal  at least 1
     * @param forgetAfter       how long an AOR without bindings stays known, zero or positive
     */
    public InMemoryLocationService(int maxBindingsPerAor, int maxBindingsTotal, Duration forgetAfter) {
        if (maxBindingsPerAor < 1 || maxBindingsTotal < 1) {
            throw new IllegalArgumentException("caps must be at least 1");
        }
        if (forgetAfter.isNegative()) {
            throw new IllegalArgumentException("negative forgetAfter");
        }
        this.maxBindingsPerAor = maxBindingsPerAor;
        this.maxBindingsTotal = maxBindingsTotal;
        this.forgetAfter = Objects.requireNonNull(forgetAfter, "forgetAfter");
    }

    @Override
    public List<Binding> lookup(String aor, Instant now) {
        Entry e = entries.get(aor);
        if (e == null) {
            return List.of();
        }
        return e.bindings.stream().filter(b -> !b.expired(now)).toList();
    }

    @Override
    public boolean knows(String aor) {
        return entries.containsKey(aor);
    }

    @Override
    public List<Binding> update(String aor, Instant now, UnaryOperator<List<Binding>> change) {
        Entry result = entries.compute(aor, (k, old) -> {
            List<Binding> before = old == null ? List.of() : old.bindings;
            List<Binding> live = before.stream().filter(b -> !b.expired(now)).toList();
            List<Binding> after = new ArrayList<>(change.apply(live));
            after.removeIf(b -> b.expired(now));
            if (after.size() > maxBindingsPerAor && after.size() > live.size()) {
                throw new BindingException(403, "Too Many Contacts (at most " + maxBindingsPerAor + ")");
            }
            after.sort(PREFERENCE);
            reserve(after.size() - before.size());
            Instant emptySince = !after.isEmpty() ? null : old != null && old.emptySince != null ? old.emptySince : now;
            return new Entry(List.copyOf(after), emptySince);
        });
        return result.bindings;
    }

    /** Adjusts the total by {@code delta}, refusing growth past the cap (503, §21.5.4). */
    private void reserve(int delta) {
        while (true) {
            int t = total.get();
            if (delta > 0 && t + delta > maxBindingsTotal) {
                throw new BindingException(503, "Location Service Full");
            }
            if (total.compareAndSet(t, t + delta)) {
                return;
            }
        }
    }

    @Override
    public int purgeExpired(Instant now) {
        int[] removed = {0};
        for (String aor : entries.keySet()) {
            entries.computeIfPresent(aor, (k, old) -> {
                List<Binding> live = old.bindings.stream().filter(b -> !b.expired(now)).toList();
                int gone = old.bindings.size() - live.size();
                removed[0] += gone;
                total.addAndGet(-gone);
                if (live.isEmpty()) {
                    Instant since = old.emptySince != null ? old.emptySince : now;
                    return !since.plus(forgetAfter).isAfter(now) ? null : new Entry(List.of(), since);
                }
                return gone == 0 ? old : new Entry(live, null);
            });
        }
        return removed[0];
    }

    @Override
    public int size() {
        return total.get();
    }
}
