// A blank extension page, built in e2e mode only (wxt.config.ts): the same load path as the other pages
// (HTML, one module script, one element added) with none of their code, so page timings can be given
// relative to it and compared across machines.
const p = document.createElement('p');
p.id = 'blank-ready';
p.textContent = 'Blank';
document.getElementById('root')?.append(p);
