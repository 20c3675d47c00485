"""Independent re-implementation of BMTK PointNet's SONATA -> NEST conventions, using only h5py + NEST.

It reads the same simulation_config.json / circuit_config.json, builds the NEST network itself (no BMTK),
simulates, and writes spikes as CSV (population,node_id,t_ms). It is the conventions of README.md as code:
its output is identical to BMTK's spikes.csv, and its connection table (--dump-conns) is identical to what
BMTK creates in NEST (same source/target/weight/delay for every connection).

--order / --inputs-first change the NEST creation / connection order (BMTK's order is the default); for these
circuits the spikes do not change.
Scope: only what these circuits use (point_neuron nest:* models, static synapses, empty edge dynamics_params,
weight_function absent or one of BMTK's built-in aliases of nsyns*syn_weight, SONATA spike-file inputs).

usage: python nest_direct.py simulation_config.json OUT.csv [--dump-conns CONNS.csv]
       [--order bmtk|file|shuffled] [--inputs-first]
"""
import argparse
import csv
import json
import os
import re

import h5py
import numpy as np
import nest


# ------------------------------------------------------------------ config
def _subst(s, manifest):
    if not isinstance(s, str):
        return s
    for _ in range(10):
        m = re.search(r'\$\{?(\w+)\}?', s)
        if not m or m.group(1) not in manifest:
            break
        s = s.replace(m.group(0), manifest[m.group(1)])
    return s


def _walk(obj, manifest):
    if isinstance(obj, dict):
        return {k: (v if k == 'manifest' else _walk(v, manifest)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_walk(v, manifest) for v in obj]
    return _subst(obj, manifest)


def load_config(path):
    path = os.path.abspath(path)
    with open(path) as f:
        conf = json.load(f)
    manifest = {'configdir': os.path.dirname(path), 'workingdir': os.getcwd()}
    raw = {k.lstrip('$'): v for k, v in conf.get('manifest', {}).items()}
    for _ in range(len(raw) + 1):
        for k, v in raw.items():
            manifest[k] = _subst(v, manifest)
    conf = _walk(conf, manifest)
    for child in ('network', 'simulation'):
        if isinstance(conf.get(child), str):
            cpath = conf[child] if os.path.isabs(conf[child]) else os.path.join(os.path.dirname(path), conf[child])
            sub = load_config(cpath)
            conf.update({k: v for k, v in sub.items()})
    return conf


def read_types_csv(path, id_col):
    """SONATA *_types.csv: space separated, 'NULL' = missing."""
    with open(path) as f:
        lines = [ln.split() for ln in f.read().splitlines() if ln.strip()]
    header, rows = lines[0], lines[1:]
    table = {}
    for r in rows:
        d = {}
        for k, v in zip(header, r):
            if v == 'NULL':
                continue
            try:
                v = int(v) if re.fullmatch(r'-?\d+', v) else float(v)
            except ValueError:
                pass
            d[k] = v
        table[int(d[id_col])] = d
    return table


# ------------------------------------------------------------------ build
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('config')
    ap.add_argument('out_csv')
    ap.add_argument('--dump-conns', default=None)
    ap.add_argument('--order', default='bmtk', choices=['bmtk', 'file', 'shuffled'])
    ap.add_argument('--inputs-first', action='store_true')
    args = ap.parse_args()

    conf = load_config(args.config)
    comps = conf['components']
    run = conf['run']
    nest.ResetKernel()
    nest.set_verbosity('M_ERROR')
    nest.SetKernelStatus({'resolution': run['dt'], 'local_num_threads': 1})

    # --- node populations (config order; within a file, h5 order of populations)
    pops = {}  # name -> dict(node_ids, type_ids, types, virtual)
    for nd in conf['networks']['nodes']:
        types = read_types_csv(nd['node_types_file'], 'node_type_id')
        with h5py.File(nd['nodes_file'], 'r') as h5:
            for pname, g in h5['nodes'].items():
                pops[pname] = dict(node_ids=g['node_id'][()], type_ids=g['node_type_id'][()], types=types)

    nest_id = {}  # (pop, node_id) -> nest gid

    def create_internal():
        for pname, p in pops.items():
            # one nest.Create per node type, types in order of first appearance, nodes in file order
            order = list(dict.fromkeys(p['type_ids'].tolist()))
            for tid in order:
                t = p['types'][tid]
                if t['model_type'] == 'virtual':
                    continue
                sel = p['node_ids'][p['type_ids'] == tid]
                with open(os.path.join(comps['point_neuron_models_dir'], t['dynamics_params'])) as f:
                    params = json.load(f)
                nc = nest.Create(t['model_template'].split(':', 1)[1], len(sel), params)
                for nid, gid in zip(sel, nc.tolist()):
                    nest_id[(pname, int(nid))] = gid

    # --- spike inputs (one spike_generator per virtual node, precise_times=True)
    def create_inputs():
        for name, inp in conf.get('inputs', {}).items():
            pname = inp['node_set']
            with h5py.File(inp['input_file'], 'r') as h5:
                spk_pops = list(h5['spikes'].keys())
                g = h5['spikes'][pname if pname in spk_pops else spk_pops[0]]
                nids, ts = g['node_ids'][()], g['timestamps'][()]
            p = pops[pname]
            sgs = nest.Create('spike_generator', len(p['node_ids']), {'precise_times': True})
            for nid, sg in zip(p['node_ids'], sgs):
                st = np.sort(ts[nids == nid])
                if len(st):
                    sg.set({'spike_times': st})
                nest_id[(pname, int(nid))] = sg.global_id

    if args.inputs_first:
        create_inputs()
        create_internal()
    else:
        create_internal()

    # --- edges
    batches = []  # list of (src_pop, trg_pop, srcs, trgs, syn_spec, is_virtual_source)
    for ed in conf['networks']['edges']:
        etypes = read_types_csv(ed['edge_types_file'], 'edge_type_id')
        with h5py.File(ed['edges_file'], 'r') as h5:
            for epname, g in h5['edges'].items():
                spop = g['source_node_id'].attrs['node_population']
                tpop = g['target_node_id'].attrs['node_population']
                src, trg = g['source_node_id'][()], g['target_node_id'][()]
                etid, gid_, gidx = g['edge_type_id'][()], g['edge_group_id'][()], g['edge_group_index'][()]
                n = len(src)
                nsyns = np.ones(n)
                w_h5 = np.full(n, np.nan)
                d_h5 = np.full(n, np.nan)
                for grp in np.unique(gid_):
                    sel = gid_ == grp
                    G = g[str(grp)]
                    if 'nsyns' in G:
                        nsyns[sel] = G['nsyns'][()][gidx[sel]]
                    if 'syn_weight' in G:
                        w_h5[sel] = G['syn_weight'][()][gidx[sel]]
                    if 'delay' in G:
                        d_h5[sel] = G['delay'][()][gidx[sel]]
                weight = np.empty(n)
                delay = np.empty(n)
                model = np.empty(n, dtype=object)
                for t in np.unique(etid):
                    sel = etid == t
                    et = etypes[int(t)]
                    wf = et.get('weight_function')
                    if wf is not None and wf not in ('wmax', 'default_weight_fnc', 'set_syn_weight'):
                        raise NotImplementedError('custom BMTK weight_function ' + wf)
                    # h5 column wins over the edge_types.csv value; nsyns defaults to 1
                    sw = np.where(np.isnan(w_h5[sel]), et.get('syn_weight', np.nan), w_h5[sel])
                    weight[sel] = nsyns[sel] * sw      # also what the built-in weight functions return
                    delay[sel] = np.where(np.isnan(d_h5[sel]), et.get('delay', np.nan), d_h5[sel])
                    mt = et['model_template']
                    model[sel] = mt[5:] if mt.startswith('nest') else mt
                    with open(os.path.join(comps['synaptic_models_dir'], et['dynamics_params'])) as f:
                        dyn = json.load(f)
                    # BMTK merges edge dynamics_params into the NEST syn_spec *before* setting weight/delay (so
                    # those two win when present). All edge dynamics_params in these circuits are {}.
                    if dyn:
                        raise NotImplementedError('non-empty edge dynamics_params ' + str(sorted(dyn)))
                if args.order == 'bmtk':
                    # BMTK: per edge group, per edge_type_id (ascending), edges in file order
                    idx = np.concatenate([np.flatnonzero((gid_ == grp) & (etid == t))
                                          for grp in np.unique(gid_) for t in np.unique(etid[gid_ == grp])])
                elif args.order == 'file':
                    idx = np.arange(n)
                else:
                    idx = np.random.RandomState(1).permutation(n)
                batches.append((spop, tpop, src[idx], trg[idx], weight[idx], delay[idx], model[idx]))

    parrot_pops = {inp['node_set'] for inp in conf.get('inputs', {}).values() if inp.get('use_parrot_neurons')}

    def connect(batch):
        spop, tpop, s, t, w, d, mdl = batch
        for m in np.unique(mdl):
            sel = mdl == m
            srcs = np.array([nest_id[(spop, int(x))] for x in s[sel]])
            if spop in parrot_pops:   # BMTK 1.2.0: one parrot per edge row, reached after dt
                parrots = nest.Create('parrot_neuron', len(srcs))
                nest.Connect(srcs, parrots, conn_spec='one_to_one', syn_spec={'delay': np.full(len(parrots), run['dt'])})
                srcs = np.array(parrots.tolist())
            nest.Connect(srcs,
                         np.array([nest_id[(tpop, int(x))] for x in t[sel]]),
                         conn_spec='one_to_one',
                         syn_spec={'synapse_model': m, 'weight': w[sel], 'delay': d[sel]})

    virtual_pops = {p for p, v in pops.items() if all(tt['model_type'] == 'virtual' for tt in v['types'].values())}
    for b in batches:           # recurrent edges first (BMTK builds these before any input)
        if b[0] not in virtual_pops:
            connect(b)
    if not args.inputs_first:
        create_inputs()
    for b in batches:           # then virtual-source edges
        if b[0] in virtual_pops:
            connect(b)

    rec = nest.Create('spike_recorder')
    internal = sorted(v for (p, n), v in nest_id.items() if p not in virtual_pops)
    nest.Connect(nest.NodeCollection(internal), rec)

    if args.dump_conns:
        inv = {v: k for k, v in nest_id.items()}
        c = nest.GetConnections(synapse_model=None)
        st = c.get(['source', 'target', 'weight', 'delay', 'synapse_model'])
        with open(args.dump_conns, 'w', newline='') as f:
            wr = csv.writer(f)
            wr.writerow(['src_pop', 'src_id', 'trg_pop', 'trg_id', 'weight', 'delay', 'synapse_model'])
            for s_, t_, w_, d_, m_ in zip(st['source'], st['target'], st['weight'], st['delay'], st['synapse_model']):
                if t_ in inv:
                    wr.writerow([*inv[s_], *inv[t_], repr(float(w_)), repr(float(d_)), m_])

    nest.Simulate(run['tstop'])
    ev = rec.get('events')
    inv = {v: k for k, v in nest_id.items()}
    rows = sorted(((inv[s][0], inv[s][1], t) for s, t in zip(ev['senders'], ev['times'])),
                  key=lambda r: (r[2], r[0], r[1]))
    with open(args.out_csv, 'w', newline='') as f:
        wr = csv.writer(f)
        wr.writerow(['population', 'node_id', 't_ms'])
        for p, n, t in rows:
            wr.writerow([p, n, '{:.3f}'.format(t)])
    print(len(rows), 'spikes')


if __name__ == '__main__':
    main()
