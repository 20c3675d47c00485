import nest, numpy as np, json, sys
rng=np.random.default_rng(5)
NP, NE, T = 30, 8, 1500.0
times=[]
for i in range(NP):
    n=rng.poisson(25*T/1000)
    t=np.unique(np.round(rng.uniform(1.0, T-5, n),1))
    times.append([float(x) for x in t])
nest.ResetKernel(); nest.resolution=0.1
gens=nest.Create('spike_generator', NP)
for g,t in zip(gens,times): g.spike_times=t
P=nest.Create('parrot_neuron', NP)
E=nest.Create('iaf_psc_alpha', NE, {'I_e': 360.0, 'tau_minus': 30.0})
nest.Connect(gens,P,'one_to_one',{'weight':1.0,'delay':1.0})
nest.CopyModel('stdp_pl_synapse_hom','pl'); nest.SetDefaults('pl',{'lambda':0.05,'alpha':0.5,'mu':0.4,'tau_plus':15.0})
nest.Connect(P,E,'all_to_all',{'synapse_model':'pl','weight':40.0,'delay':1.5})
nest.Connect(P,E,'all_to_all',{'synapse_model':'stdp_synapse','weight':30.0,'delay':2.0,'Wmax':100.0,'lambda':0.05})
nest.Connect(E,E,'all_to_all',{'weight':20.0,'delay':1.0})
sr=nest.Create('spike_recorder'); nest.Connect(E,sr)
nest.Simulate(T)
ev=sr.events
spikes=sorted(zip([float(x) for x in ev['times']],[int(x)-E[0].global_id for x in ev['senders']]))
out={'times':times,'spikes':spikes,'weights':{}}
for m in ('pl','stdp_synapse'):
    c=nest.GetConnections(P,E,synapse_model=m)
    out['weights'][m]=sorted(zip([s-P[0].global_id for s in c.source],[t-E[0].global_id for t in c.target],[float(w) for w in c.weight]))
json.dump(out,open('nest.json','w'))
print(len(spikes),'post spikes')
