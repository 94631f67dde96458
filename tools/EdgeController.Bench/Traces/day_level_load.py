#!/usr/bin/env python3
"""A trace for `ec-bench days --trace` whose load differs from day to day as a whole.

The bench's own suites draw every day's load from the same distribution, so they cannot show
what the forecaster's day-level scale is for. This trace adds what a household has: weekends
(x1.25), guests on one day in ten (x1.3) and cold spells (900 W of heating from 06:00 to 23:00;
a spell starts on a day with 0.2 and goes on with 0.7), under 2.5 kWp of PV whose days are
clear, broken or overcast in a Markov chain. 70 days at one minute, site-local time, from a
Monday. Measured with it (bench README, after step 7): the shipped load scale against half of it
and none.

usage: python3 day_level_load.py SEED OUT.csv
"""
import datetime
import math
import random
import sys

SKY_NEXT = {'clear': [.6, .3, .1], 'broken': [.3, .4, .3], 'overcast': [.15, .35, .5]}


def main(seed, path):
    rng = random.Random(seed)
    start = datetime.datetime(2026, 3, 2)
    sky, cold, shade = 'clear', False, 1.0
    with open(path, 'w') as out:
        out.write('time,load_w,pv_w\n')
        for day in range(70):
            sky = rng.choices(['clear', 'broken', 'overcast'], SKY_NEXT[sky])[0]
            cold = rng.random() < (0.7 if cold else 0.2)
            weekend = day % 7 >= 5
            guests = rng.random() < 0.1
            day_factor = (1.25 if weekend else 1.0) * (1.3 if guests else 1.0)
            for minute in range(1440):
                hour = minute / 60
                pv = 0.0
                if 6 < hour < 19.5:
                    clear_sky = 2500 * math.sin(math.pi * (hour - 6) / 13.5) ** 1.3
                    if sky == 'clear':
                        transmittance = 0.97
                    elif sky == 'overcast':
                        transmittance = 0.25
                    else:
                        if rng.random() < 0.08:
                            shade = 0.35 if shade == 1.0 else 1.0
                        transmittance = shade
                    pv = clear_sky * transmittance
                shape = 1 + 0.9 * math.exp(-((hour - 7.5) / 1.1) ** 2) + 1.6 * math.exp(-((hour - 19.5) / 1.7) ** 2)
                watts = 500 * shape * day_factor * (1 + 0.15 * (2 * rng.random() - 1))
                if cold and 6 <= hour < 23:
                    watts += 900
                if minute % 15 < 5 and rng.random() < 0.03:
                    watts += 2000
                stamp = start + datetime.timedelta(days=day, minutes=minute)
                out.write('%s,%.1f,%.1f\n' % (stamp.strftime('%Y-%m-%dT%H:%M:%S'), watts, pv))


if __name__ == '__main__':
    main(int(sys.argv[1]), sys.argv[2])
